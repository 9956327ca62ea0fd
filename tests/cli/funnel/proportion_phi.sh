tandem funnel -s proportion -i "$DATA/ind_funnel_prop.csv" --id area_code --numerator numerator --denominator denominator --overdispersion phi | cut -d, -f1,5-
