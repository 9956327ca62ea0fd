tandem ci -m rate -i "$DATA/ind_proportions.csv" --denominator denominator
