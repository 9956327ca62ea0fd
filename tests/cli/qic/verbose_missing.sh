tandem qic --chart i -i "$DATA/qic_small.csv" --by org --date month --value value -v -o out.csv && head -3 out.csv
