define(`z', `Z')dnl
changequote([,)dnl
[z' z [[z]'']
changequote`'dnl
`z' z
