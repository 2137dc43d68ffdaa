define(`outer', `define(`inner', `$#:$'`1')')dnl
outer(a, b)
inner(x, y, z)
