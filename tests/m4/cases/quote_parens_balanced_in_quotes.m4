define(`id', `$1')dnl
id(`a)b')
id((a,b))
id(a`,'b)
