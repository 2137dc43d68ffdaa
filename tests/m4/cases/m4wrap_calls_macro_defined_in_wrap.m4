m4wrap(`define(`late', `LATE')late
')dnl
m4wrap(`late
')dnl
main
