# Rows in any order (series interleaved, dates reversed, a subgroup split)
# give the same bytes as the grouped file.
D="$DATA/qic_small.csv"
{ head -n 1 "$D"; tail -n +2 "$D" | sort -t, -k2,2r -k1,1; } > shuffled.csv
tandem qic --chart p -i "$D" --by org --date month --numerator num --denominator den > a.csv
tandem qic --chart p -i shuffled.csv --by org --date month --numerator num --denominator den > b.csv
cmp a.csv b.csv && echo same
