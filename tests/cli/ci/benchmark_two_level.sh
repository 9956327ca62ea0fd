printf 'area,x,n,eng\nA,40,100,0.5\nB,37,100,0.5\nC,50,100,0.5\nD,900,1000,0.5\nE,,100,0.5\n' > p.csv
tandem ci -m proportion -i p.csv --numerator x --denominator n --benchmark-col eng --comparison two-level --polarity low
