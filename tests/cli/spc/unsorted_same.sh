# Shuffled rows, CRLF line ends and a byte-order mark give the same bytes.
tandem spc -i "$DATA/spc_small.csv" --by org --date month --value value --target-col target --improvement-col direction --rebase-col rebase -o sorted.csv
tandem spc -i "$DATA/spc_small_shuffled_crlf.csv" --by org --date month --value value --target-col target --improvement-col direction --rebase-col rebase -o shuffled.csv
cmp sorted.csv shuffled.csv && echo same
cat "$DATA/spc_small_shuffled_crlf.csv" | tandem spc --by org --date month --value value --target-col target --improvement-col direction --rebase-col rebase > piped.csv
cmp sorted.csv piped.csv && echo same
