tandem qic -i "$DATA/qic_small.csv" --date month --value value
