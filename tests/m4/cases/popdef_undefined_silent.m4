popdef(`nothing_here')dnl
undefine(`nothing_here')dnl
ok
