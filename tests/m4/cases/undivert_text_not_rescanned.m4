define(`M', `expanded')dnl
divert(1)`M' M
divert(0)dnl
undivert(1)
