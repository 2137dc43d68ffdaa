undefine(`substr')dnl
builtin(`substr', `hello', 1, 3)
substr(`hello', 1, 3)
