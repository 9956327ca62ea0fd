printf 'code,x,n\nA,5,10\nB,1,-10\nC,2,10\n' > out.csv
tandem opportunity -i out.csv --id code --numerator x --denominator n --improvement decrease
