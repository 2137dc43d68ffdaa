eval(99999999999)
eval(0xffffffff)
