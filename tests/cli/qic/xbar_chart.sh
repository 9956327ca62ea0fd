tandem qic --chart xbar -i "$DATA/qic_small.csv" --date month --value value
