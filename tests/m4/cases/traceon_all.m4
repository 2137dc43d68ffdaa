define(`a', `b')define(`b', `c')dnl
traceon
a
traceoff
a
