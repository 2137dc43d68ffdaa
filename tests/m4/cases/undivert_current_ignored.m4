divert(1)one
undivert(1)dnl
still one
divert(0)dnl
main
