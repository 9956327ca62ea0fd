cp "$DATA/rollup_records.csv" records.csv
tandem rollup -i records.csv --key lsoa11_code --lookup "$DATA/rollup_lookup.csv" \
    --levels icb22_code --sum diabetes --missing fail
