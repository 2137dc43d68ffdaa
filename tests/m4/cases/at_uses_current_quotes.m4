define(`at', `$@')define(`cnt', `$#')dnl
changequote(<, >)dnl
define(<show>, <{$1}{$2}>)dnl
show(at(<a,b>, c))
show(shift(x, <p,q>, r))
