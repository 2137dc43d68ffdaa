define(`show', `<$1>')define(`m', `M')dnl
show(`a `m' b')
show(```m''')
