tandem funnel -s rate --rate-type dsr -i "$DATA/ind_funnel_rate.csv" --id area_code --numerator numerator --denominator denominator --rate rate --years 3 --limits limits.csv | tail -n 4
head -n 3 limits.csv
