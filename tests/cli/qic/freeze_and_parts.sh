tandem qic --chart i -i "$DATA/qic_small.csv" --by org --date month --value value --freeze 5 --part-col new_part
