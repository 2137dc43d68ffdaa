define(`a-b', `dash')dnl
a-b
indir(`a-b')
define(`', `empty name')dnl
indir(`')
