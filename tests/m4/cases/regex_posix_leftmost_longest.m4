patsubst(`abc', `a\|ab', `X')
regexp(`aab', `a*\(ab\)*', `[\&]')
