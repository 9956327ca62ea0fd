cp "$DATA/ineq_deciles.csv" d.csv
sed -i "s/^South,4,24713,73.5,0.16/South,4,24713,NA,0.16/" d.csv
tandem inequality -i d.csv --by area --quantile-col decile --population population --value value --se se --reps 0
