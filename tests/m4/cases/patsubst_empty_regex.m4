patsubst(`abc', `', `-')
patsubst(`', `', `x')
patsubst(`abc', `^', `>')
patsubst(`abc', `$', `<')
