ifelse(a, a, equal)
ifelse(a, b, equal)
[ifelse(a, b, equal)]
