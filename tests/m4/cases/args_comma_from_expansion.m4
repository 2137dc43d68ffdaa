define(`pair', `a,b')define(`cnt', `$#')dnl
cnt(pair)
cnt(`pair')
define(`show', `[$1][$2]')dnl
show(pair)
show(`pair')
