define(`show', `[$1][$2]')dnl
show((a, b), c)
show(((x)), (y,(z)))
show(f(g), h)
show(`(', `)')
