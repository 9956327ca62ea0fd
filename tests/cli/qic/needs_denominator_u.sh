tandem qic --chart up -i "$DATA/qic_small.csv" --by org --date month --numerator num
