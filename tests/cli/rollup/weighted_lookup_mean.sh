printf "lsoa11_code,population\nE01000001,1500\nE01000002,1600\nE01000003,1400\nE01000004,2000\nE01000005,1800\nE01000006,1700\n" > pop.csv
tandem rollup -i pop.csv --key lsoa11_code --lookup "$DATA/rollup_lookup.csv,$DATA/rollup_imd.csv" \
    --levels ltla22_code,icb22_code --sum population --mean IMD_rank --weight population
