tandem peers -i "$REF/peers/icb_context.csv" --id icb22_code --k 2 --method mahalanobis -f json -v \
    --vars population_mid2020,pct_age_0_15,pct_age_65plus,pct_age_85plus,imd2019_popweighted_mean_decile,pct_pop_imd_decile1,pct_pop_rural_lsoa
