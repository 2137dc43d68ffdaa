translit(`abcdef', `f-a', `123456')
translit(`abcdef', `a-f', `z-u')
