define(`a1', `X')define(`_u', `U')define(`a', `A')dnl
a1 a 1a _u a_u a.u a-1 a`'1
