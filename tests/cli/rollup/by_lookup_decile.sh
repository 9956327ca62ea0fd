tandem rollup -i "$DATA/rollup_records.csv" --key lsoa11_code \
    --lookup "$DATA/rollup_lookup.csv,$DATA/rollup_imd.csv" --levels icb22_code --by IMD_decile \
    --sum hypertension
