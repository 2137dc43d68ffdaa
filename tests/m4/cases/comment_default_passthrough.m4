define(`m', `M')dnl
m # m is not expanded here
m # `unbalanced quote in comment
m
