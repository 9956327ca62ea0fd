tandem ci -m mean -i "$REF/indicators/mean_input.csv" --by area_code --value value
