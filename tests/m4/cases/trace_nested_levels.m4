define(`outer', `inner($1)')define(`inner', `[$1]')dnl
traceon(`outer', `inner')dnl
outer(x)
