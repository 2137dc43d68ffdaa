divert(1)
divert(0)
divert(1)dnl
x
divert(0)dnl
y
