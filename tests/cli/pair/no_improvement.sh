tandem pair -i out.csv --id code --numerator x --denominator n --context ctx.csv --vars a
