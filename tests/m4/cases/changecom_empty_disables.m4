define(`m', `M')dnl
changecom`'dnl
# m
changecom(`')dnl
# m
changecom(`#')dnl
# m
