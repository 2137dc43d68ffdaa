first line
len(a, b)
eval(1/0)
indir(`nope')
last line __line__
