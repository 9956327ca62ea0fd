# Documented difference from NHSRplotthedots: a series without a target gets
# no assurance icon (the reference says "inconsistent" when other series have targets).
tandem spc -i "$REF/spc/examples/example_ptd.csv" --by series_id --date period --value value --target-col target --improvement-col improvement_direction --rebase-col rebase --summary series
