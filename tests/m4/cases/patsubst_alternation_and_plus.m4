patsubst(`cat dog bird', `cat\|bird', `X')
patsubst(`aaa bb c', `[ab]+', `<\&>')
patsubst(`a+b+c', `+', `-')
patsubst(`a.b.c', `\.', `/')
