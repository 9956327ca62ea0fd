printf "q,pop,x\n1,10,11\n2,10,2\n3,10,3\n4,10,4\n5,10,5\n" > d.csv
tandem inequality -i d.csv --quantile-col q --population pop --numerator x --value-type 2
