define(`a', `A')define(`b', `B')define(`c', `C')dnl
a b c
undefine(`a', `c')dnl
a b c
