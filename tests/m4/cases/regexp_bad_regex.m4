regexp(`abc', `\(')
regexp(`abc', `[a')
after
