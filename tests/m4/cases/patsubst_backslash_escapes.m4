patsubst(`a\b', `\\', `/')
patsubst(`tab	here', `	', `\\t')
patsubst(`abc', `b', `\\&')
