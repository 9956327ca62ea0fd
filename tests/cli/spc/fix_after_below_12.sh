tandem spc -i "$DATA/spc_small.csv" --date month --value value --fix-after 11
