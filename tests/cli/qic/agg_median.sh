# All rows of a month are one subgroup (no --by); its value is their median.
tandem qic --chart run -i "$DATA/qic_small.csv" --date month --value value --agg median
