define(`x', ``inner' outer')dnl
x
define(`y', `x and `x'')dnl
y
