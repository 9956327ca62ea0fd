cp "$DATA/rollup_records.csv" records.csv
tandem rollup -i records.csv --key lsoa11_code --sum diabetis
