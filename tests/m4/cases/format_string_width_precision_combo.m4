format(`[%8.3s]', `abcdef')
format(`[%-8.3s]', `abcdef')
format(`[%s]', `')
format(`%s%s%s', `a', `b', `c')
