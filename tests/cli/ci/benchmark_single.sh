tandem ci -m proportion -i "$DATA/ind_proportions.csv" --numerator numerator --denominator denominator --benchmark 0.5 --polarity high --confidence 0.95
