tandem funnel -s proportion -i "$DATA/ind_funnel_prop.csv" --id area_code --numerator numerator --denominator denominator --overdispersion tau2 --limits limits.csv -v
head -n 3 limits.csv
