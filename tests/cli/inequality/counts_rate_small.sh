printf "area,q,pop,deaths\nA,1,1000,25\nA,2,1000,20\nA,3,1000,15\nA,4,1000,8\nA,5,1000,5\n" > d.csv
tandem inequality -i d.csv --by area --quantile-col q --population pop --numerator deaths --value-type 1 \
    --multiplier 100000 --reps 1000 --seed 1 --summary quantiles
tandem inequality -i d.csv --by area --quantile-col q --population pop --numerator deaths --value-type 1 \
    --multiplier 100000 --reps 1000 --seed 1
