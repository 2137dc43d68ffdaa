shift(shift(shift(a, b, c, d, e)))
shift(shift(a))
