define(`count', `$#')define(`pass', `count($@)')define(`passq', `count(`$@')')dnl
pass(a, b, c)
passq(a, b, c)
pass()
pass
