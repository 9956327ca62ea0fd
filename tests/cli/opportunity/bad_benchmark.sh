tandem opportunity -i out.csv --id code --numerator x --denominator n --improvement decrease --benchmark centile:120
