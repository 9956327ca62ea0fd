printf "lsoa11_code,icb22_code\nE01000001,E54000027\nE01000002,E54000027\nE01000001,E54000029\n" > lk.csv
tandem rollup -i "$DATA/rollup_records.csv" --key lsoa11_code --lookup lk.csv --levels icb22_code --sum diabetes
