tandem spc -i "$DATA/spc_small.csv" --by org --date month --value valeu
