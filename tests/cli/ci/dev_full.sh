tandem ci -m proportion -i "$DATA/ind_proportions.csv" --numerator numerator --denominator denominator -o /dev/full
