eval(10, 37)
eval(10, 0)
eval(10, 1, 3)
