divert(10)ten
divert(100)hundred
divert(9)nine
divert(1000000)million
divert(0)dnl
main
