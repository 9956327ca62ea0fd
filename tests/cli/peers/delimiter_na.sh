# Semicolons and "-" for missing (--delimiter, --na, as every command spells them)
printf 'code;a;b\nA;1;2\nB;-;3\nC;4;5\n' > ctx.csv
tandem peers -i ctx.csv --id code --vars a,b --delimiter ';' --na '-'
