# A compared unit without a context value; unit D (no outcome) may have gaps
printf 'code,x,n\nA,5,10\nB,1,10\nC,2,10\nD,,\n' > out.csv
printf 'code,a,b\nA,1,2\nB,2,\nC,3,4\nD,,\n' > ctx.csv
tandem pair -i out.csv --id code --numerator x --denominator n --improvement decrease --context ctx.csv --vars a,b
