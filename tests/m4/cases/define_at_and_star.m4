define(`st', `$*')define(`at', `$@')dnl
define(`show', `<$1><$2><$3>')dnl
st(`a', `b,c')
at(`a', `b,c')
show(st(`a', `b,c'))
show(at(`a', `b,c'))
define(`dq', `[$@]')dq(`x')
