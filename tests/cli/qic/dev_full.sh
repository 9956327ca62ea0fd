tandem qic --chart run -i "$DATA/qic_small.csv" --by org --date month --value value -o /dev/full
