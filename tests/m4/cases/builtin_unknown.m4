builtin(`nosuch')
builtin(`define')
builtin
