printf 'org,month,value\nA,2023-01-01,1\nA,2023-02-01,12,5\n' > x.csv
printf 'org,month,value\nA,2023-01-01,1\nA,2023-02-01,"12,5"\n' > y.csv
tandem spc -i y.csv --by org --date month --value value
