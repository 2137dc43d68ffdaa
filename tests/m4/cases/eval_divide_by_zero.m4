eval(1/0)
eval(5%0)
after
