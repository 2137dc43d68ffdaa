define(`show', `[$1][$2][$3]')dnl
show(a,
__line__,
`__line__')
show(`x',
b) __line__
