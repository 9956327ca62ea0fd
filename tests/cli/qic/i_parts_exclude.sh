tandem qic --chart i -i "$DATA/qic_small.csv" --by org --date month --value value --part-col new_part --exclude-col excl --summary parts
