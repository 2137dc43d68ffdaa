define(`ten', `$10-$11-$1`'0')dnl
ten(a,b,c,d,e,f,g,h,i,j,k)
ten(a)
