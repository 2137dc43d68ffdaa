m4wrap(`wrap one
m4exit(4)wrap two
')dnl
main
