printf "area,q,pop,v,se\nA,1,10,1,1\nA,6,10,2,1\n" > d.csv
tandem inequality -i d.csv --by area --quantile-col q --population pop --value v --se se --quantiles 5
