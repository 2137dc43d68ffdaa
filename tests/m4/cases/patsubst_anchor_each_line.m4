patsubst(`one
two
three', `^', `> ')
