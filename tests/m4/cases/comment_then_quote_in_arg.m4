define(`show', `[$1]')dnl
show(`a' # `b'
, c)
