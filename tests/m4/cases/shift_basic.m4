shift
[shift()]
shift(a)
shift(a, b)
shift(a, b, c)
shift(`a', `b,c', `d')
