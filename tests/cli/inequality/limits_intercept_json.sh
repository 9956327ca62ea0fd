tandem inequality -i "$DATA/ineq_deciles.csv" --by area --quantile-col decile \
    --population population --value value --lower-col lcl --upper-col ucl --reps 2000 --seed 42 --intercept -f json
