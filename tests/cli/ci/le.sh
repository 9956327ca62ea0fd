tandem ci -m le -i "$DATA/ind_le.csv" --by area_code --ageband startage --numerator deaths --denominator population --confidence 0.95
