tandem inequality -i "$DATA/ineq_deciles.csv" --by area --quantile-col decile --population population \
    --value value --se se --reps 10000 --seed 5
