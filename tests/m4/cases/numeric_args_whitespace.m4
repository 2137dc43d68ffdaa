incr(`3 ')
incr(`	4')
substr(`abcdef', ` 2', ` 2')
eval(` 1 + 1 ')
divert(` 1')in one
divert(`0')dnl
incr(0x10)
