eval(0x1F) eval(0X10) eval(010) eval(0b101) eval(0B11) eval(0r36:zz) eval(0r2:1010) eval(0r16:ff)
eval(0) eval(007)
