tandem rollup -i "$DATA/rollup_records.csv" --key lsoa11_code \
    --lookup "$DATA/rollup_lookup.csv,$DATA/rollup_regions.csv" \
    --levels msoa11_code,ltla22_code,icb22_code,region_code --sum diabetes --unmatched keep
