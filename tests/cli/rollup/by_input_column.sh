tandem rollup -i "$DATA/rollup_records.csv" --key practice_code --by age_band --sum diabetes
