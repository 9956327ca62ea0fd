printf 'code,x,n\nA,5,10\nB,1,10\nC,2,10\n' > out.csv
printf 'code,icb\nA,I1\nB,I1\n' > lk.csv
tandem opportunity -i out.csv --id code --numerator x --denominator n --improvement decrease \
    --lookup lk.csv --levels icb
