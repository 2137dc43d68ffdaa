m4wrap(`W is W
')dnl
define(`W', `defined later')dnl
main
