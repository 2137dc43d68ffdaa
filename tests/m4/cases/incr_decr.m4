incr(5) decr(5) incr(-1) decr(0) incr(2147483647) decr(-2147483648)
incr( 3) incr(`4')
