# --na replaces the missing-value texts; '-' and 'n/a' become missing here.
printf 'org\tmonth\tvalue\nA\t2023-01-01\t1\nA\t2023-02-01\t-\nA\t2023-03-01\tn/a\nA\t2023-04-01\t4\n' > x.tsv
tandem spc -i x.tsv --delimiter tab --by org --date month --value value --na '-,n/a,' --summary series
