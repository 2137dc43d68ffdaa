define(`f', `[$1]')dnl
f (x)
f(x)
f`'(x)
