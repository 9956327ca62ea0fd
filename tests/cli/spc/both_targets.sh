tandem spc -i "$DATA/spc_small.csv" --date month --value value --target 1 --target-col target
