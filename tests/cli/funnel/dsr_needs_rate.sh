tandem funnel -s rate --rate-type dsr -i "$DATA/ind_funnel_rate.csv" --id area_code --numerator numerator --denominator denominator
