format(`%s', a, b, c)
format(`no specs', 1)
