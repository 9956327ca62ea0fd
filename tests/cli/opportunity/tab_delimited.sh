# Tab-separated input; "n/a" means missing and the row is skipped
printf 'code\tx\tn\nA\t5\t100\nB\t1\t100\nC\tn/a\t100\nD\t3\t100\n' > out.tsv
tandem opportunity -i out.tsv --id code --numerator x --denominator n --improvement decrease \
    --delimiter tab --na n/a --benchmark median --simulations 0 --raw -v
