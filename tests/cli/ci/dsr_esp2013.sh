tandem ci -m dsr -i "$DATA/ind_dsr.csv" --by area_code --ageband ageband --numerator numerator --denominator denominator
