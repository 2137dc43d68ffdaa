format(`%5.2f', 3.14159)
format(`%.3e', 12345.678)
format(`%g %g', 0.0001, 1000000)
format(`%f', 1)
