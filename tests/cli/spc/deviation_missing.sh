# Documented difference: a missing value is skipped and counted (the reference
# fails the series). 1..15 without 6: mean 114/14, twelve moving ranges of 1
# (none across the gap), limits mean +/- 2.66; the 14 observed points rise
# strictly, so all are one trend.
grep -e series_id -e '^"na_in_middle"' "$REF/spc/examples/edge_cases.csv" > m.csv
tandem spc -i m.csv --by series_id --date period --value value
tandem spc -i m.csv --by series_id --date period --value value --summary series
