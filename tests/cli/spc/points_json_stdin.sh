tandem spc --by org --date month --value value --target-col target --improvement-col direction --rebase-col rebase -f json < "$DATA/spc_small.csv" | head -n 4
