divert(1)one
divert(0)dnl
undivert(0)dnl
undivert(-1)dnl
main
