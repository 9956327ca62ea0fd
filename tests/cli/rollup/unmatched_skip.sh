tandem rollup -i "$DATA/rollup_records.csv" --key lsoa11_code --lookup "$DATA/rollup_lookup.csv" \
    --levels icb22_code --sum diabetes
