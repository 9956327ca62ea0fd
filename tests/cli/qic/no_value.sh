tandem qic --chart i -i "$DATA/qic_small.csv" --date month
