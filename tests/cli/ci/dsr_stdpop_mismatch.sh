tandem ci -m dsr -i "$REF/indicators/dsr_input.csv" --by area_code --ageband ageband --numerator numerator --denominator denominator
