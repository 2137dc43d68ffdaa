eval(2+3*4) eval((2+3)*4) eval(10-4-3) eval(2*3%4) eval(100/10/5)
eval(1+2<<3) eval(1<2==1) eval(6&3|8) eval(6^3&1) eval(5|2^7)
