tandem inequality -i x.csv --quantile-col q --population p --value v --se s --value-type 1 --transform
