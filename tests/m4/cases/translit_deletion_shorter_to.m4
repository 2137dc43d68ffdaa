translit(`abcdef', `abcd', `xy')
translit(`hello', `a-z', `')
