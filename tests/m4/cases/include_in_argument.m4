define(`wrap', `<$1>')dnl
wrap(include(`inc/word.m4'))
len(include(`inc/word.m4'))
