pushdef(`s', `one')dnl
pushdef(`s', `two')dnl
pushdef(`s', `three')dnl
s
popdef(`s')s
popdef(`s')s
popdef(`s')s
popdef(`s')s
