translit(`Hello World', `a-z', `A-Z')
translit(`Hello World', `A-Z', `a-z')
translit(`abcdef', `a-c', `1-3')
translit(`0123456789', `0-9', `a-j')
