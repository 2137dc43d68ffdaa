ifelse(a, b, c, d, e, f, g, h)
ifelse(a, a, c, d, e, f, g, h)
