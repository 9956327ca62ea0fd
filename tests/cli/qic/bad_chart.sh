tandem qic --chart x -i "$DATA/qic_small.csv" --date month --value value
