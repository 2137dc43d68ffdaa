define(`X', `ex')dnl
m4wrap(`X', `Y', `Z')dnl
m4wrap(`
')dnl
main
