undefine(`len')dnl
len(abc)
