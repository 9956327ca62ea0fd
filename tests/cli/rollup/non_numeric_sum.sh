printf "lsoa11_code,flag\nE01000001,1\nE01000002,yes\n" > in.csv
tandem rollup -i in.csv --key lsoa11_code --lookup "$DATA/rollup_lookup.csv" --levels icb22_code --sum flag
