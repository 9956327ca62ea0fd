printf "area,q,pop,v,lcl,ucl\nA,1,10,0.1,0.05,0.2\nA,2,10,0.2,0.1,0.3\nA,3,10,1.3,0.2,0.4\nA,4,10,0.4,0.3,0.5\nA,5,10,0.5,0.4,0.6\n" > d.csv
tandem inequality -i d.csv --by area --quantile-col q --population pop --value v --lower-col lcl --upper-col ucl --value-type 2
