# Documented difference: a constant series has limits equal to its mean
# (NHSRplotthedots screens out every zero moving range and gives no limits).
grep -e series_id -e '^"constant"' "$REF/spc/examples/edge_cases.csv" > c.csv
tandem spc -i c.csv --by series_id --date period --value value --summary phases
