eval(1=1)
eval(2+=3)
