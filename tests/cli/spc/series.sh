tandem spc -i "$DATA/spc_small.csv" --by org --date month --value value --target-col target --improvement-col direction --rebase-col rebase --summary series
