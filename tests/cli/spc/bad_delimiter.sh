tandem spc --date d --value v --delimiter x
