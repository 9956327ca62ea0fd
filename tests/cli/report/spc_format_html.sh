# tandem spc --format html: the same renderer, one chart per series, summary on top.
tandem spc -i "$DATA/spc_small.csv" --by org --date month --value value --target-col target --improvement-col direction --rebase-col rebase -f html -o spc.html
echo "exit $?"
echo "charts $(grep -c '<svg class="spc"' spc.html)"
echo "tables $(grep -c '<details class="data">' spc.html)"
echo "summary $(grep -c '<table class="summary">' spc.html) cover $(grep -c 'id="cover"' spc.html)"
echo "http $(grep -c 'https\?://' spc.html)"
grep -o '<title>[^<]*</title>' spc.html
grep -E '^(org|A),' "$DATA/spc_small.csv" | tandem spc --date month --value value -f html | grep -c '<svg class="spc"'
