tandem inequality -i x.csv --quantile-col q --population p --value v --se s --lower-col l --upper-col u
