len(a, b)
define(`x', `y', `z')dnl
substr(abc, 1, 1, 1)
incr(1, 2)
