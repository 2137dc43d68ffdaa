patsubst(`a
b', `.', `*')
regexp(`x
y', `x.y', `dot-matches-newline')
