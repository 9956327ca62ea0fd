tandem ci -m dsr -i "$DATA/ind_dsr.csv" --numerator numerator --denominator denominator
