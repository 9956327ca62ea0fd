tandem qic --chart i -i "$DATA/qic_small.csv" --date month --value value --numerator num --denominator den
