divert(2)two
divert
zero-again
divert(2)more two
divert()empty arg
