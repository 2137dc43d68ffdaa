pushdef(`incr', `fake')dnl
incr(1)
pushdef(`incr', defn(`decr'))dnl
incr(1)
popdef(`incr')popdef(`incr')incr(1)
