ifdef(`x')
ifdef
ifdef(`x', a, b, c)
