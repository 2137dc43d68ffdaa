patsubst(`Hello HELLO hello', `hello', `x')
regexp(`ABC', `abc')
