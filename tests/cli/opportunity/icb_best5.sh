# RightCare-style: the mean of the best 5 of each ICB's 10 most similar ICBs
tandem opportunity -i "$REF/peers/icb_criteria_to_reside_2022-23.csv" --id icb22_code \
    --numerator bed_days --denominator population --type rate --multiplier 100000 \
    --improvement decrease --benchmark best5 --simulations 0 \
    --context "$REF/peers/icb_context.csv" --vars population_mid2020,pct_age_0_15,pct_age_65plus,pct_age_85plus,imd2019_popweighted_mean_decile,pct_pop_imd_decile1,pct_pop_rural_lsoa
