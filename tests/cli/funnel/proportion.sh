tandem funnel -s proportion -i "$DATA/ind_funnel_prop.csv" --id area_code --numerator numerator --denominator denominator --limits limits.csv
head -n 4 limits.csv
tail -n 1 limits.csv
