m4wrap(`outer-start
m4wrap(`inner
')outer-end
')dnl
main
