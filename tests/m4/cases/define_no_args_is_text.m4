define
define`'(x)
undefine
pushdef popdef ifdef ifelse shift
