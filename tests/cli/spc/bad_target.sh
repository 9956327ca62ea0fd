printf 'org,month,value,target\nA,2023-01-01,1,\nA,2023-02-01,2,95%%\n' > x.csv
tandem spc -i x.csv --by org --date month --value value --target-col target
