define(`d', `$ $$ $- $a ${1}')dnl
d(X)
