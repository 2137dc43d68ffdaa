define(`id', `[$1]')dnl
id(a # , comment)
b)
id(x)
