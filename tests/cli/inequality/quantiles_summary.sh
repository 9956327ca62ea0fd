tandem inequality -i "$DATA/ineq_deciles.csv" --by area --quantile-col decile --population population \
    --value value --lower-col lcl --upper-col ucl --reps 0 --summary quantiles
