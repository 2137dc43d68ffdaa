define(`n', `$#')dnl
n n() n(a) n(a,b) n(,) n(`a,b') n((a,b))
