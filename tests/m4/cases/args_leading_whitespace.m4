define(`show', `[$1][$2][$3]')dnl
show(  a,	b,
 c)
show(a ,b ,c )
show(
a,
b
,
c)
