tandem qic --chart i -i "$DATA/qic_small.csv" --by org --date month --value value --multiply 0.01 --clamp-lcl --summary parts
