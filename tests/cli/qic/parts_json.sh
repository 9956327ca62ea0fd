tandem qic --chart u -i "$DATA/qic_small.csv" --by org --date month --numerator num --denominator den --summary parts -f json
