tandem ci -m proportion -i "$DATA/ind_proportions.csv" --numerator numerator --denominator denominator --confidence 0.9,0.99,0.999 | head -n 3
