divert(1)errprint(`to stderr anyway
')in diversion
divert(0)dnl
main
