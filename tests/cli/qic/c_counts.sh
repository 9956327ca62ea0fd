tandem qic --chart c -i "$DATA/qic_small.csv" --by org --date month --value num --exclude-col excl --summary parts
