m4wrap
m4wrap()dnl
x
