pushdef(`s', `bottom')dnl
pushdef(`s', `middle')dnl
define(`s', `replaced')dnl
s
popdef(`s')s
