pushdef(`s', `1')pushdef(`s', `2')dnl
undefine(`s')dnl
s
