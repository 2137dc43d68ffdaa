patsubst(`x', `\')
patsubst(`x', `[')
