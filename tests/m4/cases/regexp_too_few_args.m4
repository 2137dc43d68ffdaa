regexp(`abc')
regexp
