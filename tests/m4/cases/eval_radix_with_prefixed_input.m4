eval(0x10, 2) eval(0b1111, 16) eval(0r8:777, 10) eval(-0x10, 8, 6)
