ifelse(a, b, define(`t', `then-ran'), define(`e', `else-ran'))dnl
t e
ifelse(a, b, `define(`u', `lazy-then')', `define(`u2', `lazy-else')')dnl
u u2
