incr
incr()
incr(abc)
incr(1, 2)
decr(3x)
