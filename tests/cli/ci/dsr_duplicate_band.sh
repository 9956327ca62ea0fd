sed "3p" "$DATA/ind_dsr.csv" > d.csv
tandem ci -m dsr -i d.csv --by area_code --ageband ageband --numerator numerator --denominator denominator
