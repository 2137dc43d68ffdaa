define(`show', `[$1]')dnl
show(divert(1)text-in-arg divert(0))
main
