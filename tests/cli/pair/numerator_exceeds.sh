printf 'code,x,n\nA,5,10\nB,11,10\nC,2,10\n' > out.csv
printf 'code,a\nA,1\nB,2\nC,3\n' > ctx.csv
tandem pair -i out.csv --id code --numerator x --denominator n --improvement decrease --context ctx.csv --vars a
