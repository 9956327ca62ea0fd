sed "s/\"big\",\"15-19\",\([0-9]*\),[0-9]*/\"big\",\"15-19\",\1,0/" "$DATA/ind_dsr.csv" > d.csv
tandem ci -m dsr -i d.csv --by area_code --ageband ageband --numerator numerator --denominator denominator
