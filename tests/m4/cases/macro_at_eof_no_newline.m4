define(`m', `M')dnl
m