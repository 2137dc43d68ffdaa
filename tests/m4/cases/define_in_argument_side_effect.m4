define(`show', `[$1][$2]')dnl
show(define(`v', `one')v, v)
show(pushdef(`w', 1)w, pushdef(`w', 2)w)
w popdef(`w')w
