divert(1)diverted
divert(0)dnl
main
m4exit(0)
never
