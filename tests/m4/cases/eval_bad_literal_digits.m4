eval(09)
eval(0b2)
eval(0r1:11)
