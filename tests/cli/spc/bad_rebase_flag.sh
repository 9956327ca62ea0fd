printf 'org,month,value,rebase\nA,2023-01-01,1,0\nA,2023-02-01,2,2\n' > x.csv
tandem spc -i x.csv --by org --date month --value value --rebase-col rebase
