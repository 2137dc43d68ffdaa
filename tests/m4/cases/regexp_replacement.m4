regexp(`hello world', `w\(or\)ld', `[\1] [\&] [\0]')
regexp(`hello world', `xyz', `never')
[regexp(`hello world', `xyz', `never')]
regexp(`abc', `b', `\\ backslash')
