ifelse(a, b, x, c, d)
ifelse(a, a, x, c, d)
