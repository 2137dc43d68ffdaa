eval(5, 10, 4) eval(5, 2, 8) eval(-5, 10, 4) eval(255, 16, 1) eval(0, 10, 3)
eval(12345, 10, 0)
