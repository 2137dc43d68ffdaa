translit(`hello', `el', `ip')
translit(`hello world', `lo')
translit(`aabbcc', `abc', `x')
translit(`abc')
