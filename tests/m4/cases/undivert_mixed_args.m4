divert(1)one
divert(0)dnl
undivert(1, `inc/plain.txt', 1)
