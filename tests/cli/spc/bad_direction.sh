printf 'org,month,value,dir\nA,2023-01-01,1,up\nB,2023-02-01,2,sideways\n' > x.csv
tandem spc -i x.csv --by org --date month --value value --improvement-col dir
