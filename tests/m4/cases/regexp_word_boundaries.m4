regexp(`the cat sat', `\<cat\>', `word at \&')
regexp(`concatenate', `\<cat\>', `no')
[regexp(`concatenate', `\<cat\>', `no')]
regexp(`x cat', `\bcat', `b-boundary')
regexp(`abc_123 !', `\w+', `[\&]')
regexp(`abc_123 !', `\W+', `[\&]')
