builtin(`len', `abc')
define(`len', `user')dnl
len(abc)
builtin(`len', `abc')
