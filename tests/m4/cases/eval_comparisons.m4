eval(1<2) eval(2<1) eval(2<=2) eval(3>=4) eval(5>4) eval(5==5) eval(5!=5)
eval(-1<0) eval(1==1==1)
