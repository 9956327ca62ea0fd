tandem rollup -i "$DATA/rollup_records.csv" --key lsoa11_code --lookup "$DATA/rollup_lookup.csv" \
    --levels msoa11_code,ltla22_code,icb22_code --sum diabetes,hypertension --total England --suppress 3 -v
