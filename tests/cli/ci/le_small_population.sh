awk -F, 'BEGIN{OFS=","} NR>1{$3=200; $4=1} {print}' "$DATA/ind_le.csv" > l.csv
tandem ci -m le -i l.csv --by area_code --ageband startage --numerator deaths --denominator population --confidence 0.95 | head -n 3
