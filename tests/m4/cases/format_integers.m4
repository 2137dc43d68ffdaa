format(`%d %i', 42, -7)
format(`[%5d] [%-5d] [%05d] [%+d] [% d]', 3, 3, 3, 3, 3)
format(`%x %X %o %u', 255, 255, 8, 17)
format(`%#x %#o', 255, 8)
