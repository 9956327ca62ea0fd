tandem funnel -s ratio -i "$REF/indicators/funnel_ratio_input.csv" --id area_code --numerator numerator --denominator denominator --limits limits.csv | head -n 6
head -n 3 limits.csv
