translit(`aaa', `aa', `xy')
translit(`abcabc', `abca', `1234')
