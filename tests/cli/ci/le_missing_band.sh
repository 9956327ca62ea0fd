grep -v "\"df1\",85," "$DATA/ind_le.csv" > l.csv
tandem ci -m le -i l.csv --by area_code --ageband startage --numerator deaths --denominator population
