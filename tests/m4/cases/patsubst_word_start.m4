patsubst(`the quick brown fox', `\<\w', `\&_')
patsubst(`the quick brown fox', `\>', `|')
patsubst(`a b', `\b', `.')
