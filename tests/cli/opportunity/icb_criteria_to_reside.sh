# Bed days of patients not meeting the criteria to reside (April 2022 - March 2023) if every ICB
# matched the top quartile (25th percentile per 100,000 population), by NHS region
tandem opportunity -i "$REF/peers/icb_criteria_to_reside_2022-23.csv" --id icb22_code \
    --numerator bed_days --denominator population --type rate --multiplier 100000 \
    --improvement decrease --benchmark q75 --lookup "$REF/peers/icb_region_lookup.csv" \
    --levels region --simulations 200
