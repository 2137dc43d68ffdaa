eval(-5) eval(+5) eval(--5) eval(-(-5)) eval(- - 3) eval(~~3) eval(-+-1)
