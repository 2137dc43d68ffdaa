eval(1,40,x)eval(,-1,)
