define(`me', `I am `$0'')dnl
me
define(`alias', defn(`me'))dnl
alias
indir(`alias')
