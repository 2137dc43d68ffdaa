define(`m', `four')dnl
len(m) len(`m') len(``m'')
