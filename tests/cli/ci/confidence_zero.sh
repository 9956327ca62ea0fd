tandem ci -m proportion -i "$DATA/ind_proportions.csv" --numerator numerator --denominator denominator --confidence 0,0.95
