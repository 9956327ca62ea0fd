tandem qic --chart t -i "$DATA/qic_small.csv" --by org --date month --value value --summary parts
