define(`show', `[$1][$2][$3]')dnl
show(,,)
show( , , )
show(
,
,
)
