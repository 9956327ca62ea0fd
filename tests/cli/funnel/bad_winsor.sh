tandem funnel -s proportion -i "$DATA/ind_funnel_prop.csv" --id area_code --numerator numerator --denominator denominator --overdispersion phi --winsor 0.6
