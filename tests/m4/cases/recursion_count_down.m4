define(`down', `ifelse(eval($1 > 0), 1, `$1 down(decr($1))', `liftoff')')dnl
down(5)
