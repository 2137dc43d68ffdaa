define(`my macro', `spaced $1')dnl
indir(`my macro', arg)
my macro
