define(`start', `show(')define(`show', `<$1>')dnl
start`'arg)
start arg2)
