dnl Nested repetition: a backtracking matcher without pruning takes minutes here.
regexp(`aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!', `\(a*\)*b')
regexp(`aaab', `\(a*\)*b', `[\1]')
patsubst(`aaa!aab', `\(a*\)*b', `<\&>')
regexp(`aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', `\(a\|aa\)*c')
