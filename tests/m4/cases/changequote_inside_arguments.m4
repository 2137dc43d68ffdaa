define(`f', `[$1|$2]')dnl
f(changequote([,])[a,b], [c])
f([x,y]changequote`'`z,w')
changecom(`@')f(a@b,c
d, e)
