eval(255, 16) eval(255, 2) eval(255, 8) eval(35, 36) eval(-255, 16) eval(10, 10)
eval(5, 1)
