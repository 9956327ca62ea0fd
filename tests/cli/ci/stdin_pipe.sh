printf 'area,x,n\nA,1,10\nB,3,10\nA,2,10\n' | tandem ci -m proportion --by area --numerator x --denominator n --confidence 0.95
