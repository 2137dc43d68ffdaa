ifelse(a, b, first, c, c, second)
ifelse(a, b, first, c, d, second)
[ifelse(a, b, first, c, d, second)]
ifelse(a, b, x, c, d, y, e, e, z)
