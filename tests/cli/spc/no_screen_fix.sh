tandem spc -i "$DATA/spc_small.csv" --by org --date month --value value --no-screen --fix-after 12 --summary phases
