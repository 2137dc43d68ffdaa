define(`a', `b')define(`b', `c')define(`c', `end')dnl
a
define(`x', `y(')define(`y', `<$1>')dnl
x z)
