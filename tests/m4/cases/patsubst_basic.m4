patsubst(`hello world', `o', `0')
patsubst(`hello world', `o')
patsubst(`hello world', `xyz', `q')
patsubst(`aaa', `a*', `-')
