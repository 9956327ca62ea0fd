# --raw: the published-league-table way, raw rates for the benchmark and the gaps
tandem opportunity -i "$REF/peers/icb_criteria_to_reside_2022-23.csv" --id icb22_code \
    --numerator bed_days --denominator population --type rate --multiplier 100000 \
    --improvement decrease --raw --simulations 200 -v
