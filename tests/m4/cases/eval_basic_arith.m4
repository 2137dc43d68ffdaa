eval(1+2) eval(10-3) eval(6*7) eval(17/5) eval(17%5)
eval(-17/5) eval(-17%5) eval(17/-5) eval(17%-5)
