pushdef(`a', `a1')pushdef(`a', `a2')pushdef(`b', `b1')pushdef(`b', `b2')dnl
a b
popdef(`a', `b')dnl
a b
