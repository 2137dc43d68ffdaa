divert(abc)text
divert(0)dnl
ok
