cp "$DATA/ineq_deciles.csv" d.csv
tandem inequality -i d.csv --by area --quantile-col decile --population pop --value value --se se
