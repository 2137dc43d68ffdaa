define(`f', `[$1]')dnl
f
(x)
