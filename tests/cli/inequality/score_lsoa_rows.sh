printf "icb,lsoa,score,pop,cases\n" > d.csv
for i in 1 2 3 4 5 6 7 8 9 10; do echo "X,L$i,$((i * 7 % 11)),100,$((10 + i * 3))"; echo "Y,M$i,$((i * 5 % 13)),200,$((40 - i * 2))"; done >> d.csv
tandem inequality -i d.csv --by icb --score score --quantiles 5 --population pop --numerator cases \
    --value-type 2 --reps 0 --summary quantiles
tandem inequality -i d.csv --by icb --score score --score-within icb --score-order low-first --quantiles 5 \
    --population pop --numerator cases --value-type 2 --reps 0
