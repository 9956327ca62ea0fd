tandem qic --chart s -i "$DATA/qic_small.csv" --date month --value value --summary parts
