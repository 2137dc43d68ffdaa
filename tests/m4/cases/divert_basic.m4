before
divert(1)dnl
in one
divert(0)dnl
after
