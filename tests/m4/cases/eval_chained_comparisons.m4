eval(1 < 2 < 3) eval(3 > 2 > 1) eval(1 == 2 == 0) eval(2 != 3 != 1)
