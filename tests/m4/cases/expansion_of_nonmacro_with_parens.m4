notamacro(a, b)
(plain parens)
