m4wrap(`should not appear
')dnl
main
m4exit(`3')
