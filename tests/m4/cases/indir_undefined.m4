indir(`nosuch', 1)
after
