define(`upcase', `translit(`$*', `a-z', `A-Z')')dnl
upcase(hello, world)
upcase(`one two')
