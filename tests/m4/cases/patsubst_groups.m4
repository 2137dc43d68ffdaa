patsubst(`John Smith, Jane Doe', `\(\w+\) \(\w+\)', `\2 \1')
patsubst(`abc', `\(.\)', `\1\1')
patsubst(`abc', `.', `[\&]')
