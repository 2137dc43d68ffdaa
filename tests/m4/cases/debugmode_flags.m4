define(`f', `F($1)')dnl
debugmode(`aeq')dnl
traceon(`f')dnl
f(1)
debugmode(`-a')dnl
f(2)
debugmode(`+a')dnl
f(3)
debugmode(`e')dnl
f(4)
