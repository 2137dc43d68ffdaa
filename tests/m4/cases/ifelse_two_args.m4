ifelse(a, b)
after
