regexp(`abc', `b', `\1')
regexp(`abc', `\(b\)', `\2')
