tandem spc --date d --value v --summary everything
