tandem qic --chart g -i "$DATA/qic_small.csv" --by org --date month --value num --summary parts
