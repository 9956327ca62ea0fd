tandem qic --chart pp -i "$DATA/qic_small.csv" --by org --date month --numerator num --denominator den --multiply 100 --summary parts
