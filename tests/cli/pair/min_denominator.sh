# Specialist trusts with fewer than 100 handovers in the month are left out
tandem pair -i "$REF/peers/trust_handovers_2026-03.csv" --id org_code --numerator over60 \
    --denominator handovers --improvement decrease --min-denominator 100 \
    --context "$REF/peers/trust_catchment_context.csv" --context-id nhs_trust22_code \
    --vars pct_age_65plus,pct_age_85plus,imd2019_popweighted_mean_decile,pct_pop_imd_decile1,pct_pop_rural_lsoa -v
