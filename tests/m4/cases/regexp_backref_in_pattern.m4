regexp(`abab', `\(ab\)\1', `[\&]')
regexp(`abac', `\(ab\)\1', `[\&]')
patsubst(`aa bb cd', `\(.\)\1', `<\1>')
