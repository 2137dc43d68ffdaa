format(`%s|%s|%d|', `only')
format(`%d', `abc')
format(`%d', `12abc')
format
