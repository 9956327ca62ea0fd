# --strict: a challenged unit with no credibly better peer cannot be paired
printf 'code,x,n\nA,50,100\nB,49,100\nC,48,100\nD,47,100\n' > out.csv
printf 'code,a\nA,1\nB,2\nC,3\nD,4\n' > ctx.csv
tandem pair -i out.csv --id code --numerator x --denominator n --improvement decrease \
    --context ctx.csv --vars a --strict
