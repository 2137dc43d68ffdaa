define(`f', `$1')dnl
f(`open
arg)
