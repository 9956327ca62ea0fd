tandem qic --chart p -i "$DATA/qic_small.csv" --by org --date month --value num
