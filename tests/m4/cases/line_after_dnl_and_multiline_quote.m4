`a
b
c' __line__
dnl skip
__line__
define(`x', `1
2
3')x __line__
