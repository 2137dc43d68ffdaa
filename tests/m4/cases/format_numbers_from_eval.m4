format(`%d-%d', eval(2*3), incr(9))
format(`%05.1f', 2.25)
format(`%x', -1)
format(`%o', -1)
