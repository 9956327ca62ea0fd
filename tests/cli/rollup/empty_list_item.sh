tandem rollup -i "$DATA/rollup_records.csv" --key lsoa11_code --sum diabetes,,age
