define(`X', `ex')dnl
patsubst(`a b', `b', `X')
patsubst(`a b', `b', ``X'')
