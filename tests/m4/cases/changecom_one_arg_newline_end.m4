changecom(`;')dnl
define(`m', `M')dnl
m ; m
m
