define(`m', `M')define(`show', `[$1]')dnl
show(m)
show(`m')
show(``m'')
