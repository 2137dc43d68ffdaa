define(`x', `y')dnl
x `never closed
more text
