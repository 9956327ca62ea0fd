grep -v "\"big\",\"85-89\"" "$DATA/ind_dsr.csv" > d.csv
tandem ci -m dsr -i d.csv --by area_code --ageband ageband --numerator numerator --denominator denominator
