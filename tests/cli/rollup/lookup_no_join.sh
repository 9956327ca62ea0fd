printf "region,name\nX,Y\n" > r.csv
tandem rollup -i "$DATA/rollup_records.csv" --key lsoa11_code --lookup "$DATA/rollup_lookup.csv,r.csv" --levels name
