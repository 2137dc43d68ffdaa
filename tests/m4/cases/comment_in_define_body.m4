define(`c', `x # y $1')dnl
define(`y', `WHY')dnl
c(arg) y
