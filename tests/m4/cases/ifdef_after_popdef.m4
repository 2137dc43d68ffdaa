pushdef(`p', `1')dnl
ifdef(`p', `yes', `no')
popdef(`p')dnl
ifdef(`p', `yes', `no')
