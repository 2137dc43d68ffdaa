define(`m', `M')dnl
ifelse(x, x, `m', `n')
ifelse(x, x, ``m'', `n')
ifelse(m, M, `same after expansion', `different')
ifelse(`m', M, `same', `quoted differs')
