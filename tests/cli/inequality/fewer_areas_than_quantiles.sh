printf "icb,score,pop,cases\nX,1,10,1\nX,2,10,2\nX,3,10,3\nY,4,10,4\nY,5,10,5\nY,6,10,6\nY,7,10,7\nY,8,10,8\n" > d.csv
tandem inequality -i d.csv --by icb --score score --score-within icb --quantiles 5 --population pop \
    --numerator cases --value-type 2
