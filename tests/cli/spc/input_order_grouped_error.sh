tandem spc -i "$DATA/spc_small_shuffled_crlf.csv" --by org --date month --value value --target-col target --improvement-col direction --rebase-col rebase --input-order grouped
