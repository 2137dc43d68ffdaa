define(`k', `K')dnl
changequote([)dnl
k [k' [[k]'']
changequote`'dnl
`k' k
