line one dnl removed
line two
dnl whole line
dnl
line three
