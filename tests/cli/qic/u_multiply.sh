tandem qic --chart u -i "$DATA/qic_small.csv" --by org --date month --numerator num --denominator den --multiply 1000 --summary parts
