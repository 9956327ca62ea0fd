printf 'org,month,num,den\nA,2023-01-01,3,10\nB,2023-01-01,3,10\nB,2023-02-01,4,-20\n' > in.csv
tandem qic --chart u -i in.csv --by org --date month --numerator num --denominator den
