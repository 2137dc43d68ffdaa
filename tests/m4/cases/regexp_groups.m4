regexp(`key=value', `\(\w+\)=\(\w+\)', `\2:\1')
regexp(`aaa bbb', `\(a*\) \(b*\)', `<\1><\2>')
regexp(`x', `\(y\)?x', `[\1]')
