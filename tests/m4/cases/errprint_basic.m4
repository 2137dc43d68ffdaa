errprint(`message to stderr
')dnl
out
errprint(`a', `b', `c
')dnl
