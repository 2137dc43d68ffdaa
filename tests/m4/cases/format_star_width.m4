format(`[%*d]', 6, 42)
format(`[%-*d]', 6, 42)
format(`[%.*s]', 2, `abcdef')
format(`[%*.*d]', 8, 4, 7)
