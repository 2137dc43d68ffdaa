define(`a', `b')define(`b', `B')dnl
undefine(a)dnl
a b
