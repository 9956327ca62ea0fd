printf 't,v\n3,5\n1,4\n2,6\n' > x.csv
tandem spc -i x.csv --date t --value v
