tandem ci -m isratio -i "$REF/indicators/isr_input.csv" --by area_code --numerator numerator --denominator denominator --ref-numerator ref_numerator --ref-denominator ref_denominator --multiplier 100
