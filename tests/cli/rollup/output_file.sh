tandem rollup -i "$DATA/rollup_records.csv" --key practice_code --sum diabetes -o out.csv && cat out.csv
