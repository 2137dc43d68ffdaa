define(`at', `$@')define(`first', `$1')dnl
define(`m', `M')dnl
first(at(`m', n))
first(at(``m'', n))
