divert(1)diverted
divert(0)dnl
m4wrap(`wrapped
divert(2)late diversion
divert(0)')dnl
main
