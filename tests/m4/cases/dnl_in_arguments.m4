define(`show', `[$1][$2]')dnl
show(a dnl , b
c, d)
