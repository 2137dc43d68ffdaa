define(`repeat', `ifelse(eval($2 > 0), 1, `$1`'repeat(`$1', decr($2))')')dnl
repeat(`ab', 4)|repeat(`x', 0)|repeat(`,', 3)
