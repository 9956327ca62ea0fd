tandem inequality -i x.csv --quantile-col q --population p --value v --lower-col l
