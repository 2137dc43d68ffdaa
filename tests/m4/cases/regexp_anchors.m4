regexp(`abc', `^b', `no') regexp(`abc', `^a', `yes') regexp(`abc', `c$', `end')
regexp(`a
b', `^b', `line-start')
