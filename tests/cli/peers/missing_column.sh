tandem peers -i "$REF/peers/icb_context.csv" --id icb22_code --vars pct_age_65plus,pct_rural
