define(`f', `[$1,$2]')dnl
indir(`f', a, b)
indir(`f')
indir(`len', `abcd')
