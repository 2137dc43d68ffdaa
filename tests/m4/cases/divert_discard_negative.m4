divert(-1)
define(`x', `X')
this text vanishes
divert(0)dnl
x
divert(-5)gone too
divert`'dnl
visible
