translit(`a-b-c', `-', `+')
translit(`a-b-c', `a-', `X_')
translit(`a-b-c', `-a', `_X')
