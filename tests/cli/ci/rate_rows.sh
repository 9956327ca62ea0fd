tandem ci -m rate -i "$REF/indicators/oracle_generated/edge_rate_input.csv" --numerator numerator --denominator denominator | head -n 13
