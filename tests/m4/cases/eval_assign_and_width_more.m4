eval(1,10,)eval(1,10,x)eval(`1 = 2 = 3')eval(`(1 = 2) = 0')eval(`1 = (2')
