patsubst(`abc')
patsubst
