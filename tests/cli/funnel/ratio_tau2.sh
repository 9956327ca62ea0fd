tandem funnel -s ratio -i "$REF/indicators/funnel_ratio_input.csv" --id area_code --numerator numerator --denominator denominator --overdispersion tau2 --limits limits.csv | head -n 4
head -n 3 limits.csv
