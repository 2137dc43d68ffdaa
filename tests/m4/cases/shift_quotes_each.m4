define(`m', `M')dnl
shift(x, m, `m', ``m'')
define(`second', `$2')dnl
second(shift(a, `b,c', d))
