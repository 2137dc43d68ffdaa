define(`a', `b', `c')dnl
a
