awk -F, "NR == 1 || \$1 == \"South\"" "$DATA/ineq_deciles.csv" > south.csv
tandem inequality -i south.csv --by area --quantile-col decile --population population \
    --value value --lower-col lcl --upper-col ucl --value-type 1 --transform --multiplier -1 --reps 1000 --seed 7
