eval(2**10) eval(2**0) eval(0**0) eval(-2**3) eval((-2)**2) eval(2**3**2)
eval(3**-1)
