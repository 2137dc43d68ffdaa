define(`eq', `ifelse(`$1', `$2', `T', `F')')dnl
eq(a,a) eq(a,b) eq(`a,b',`a,b') eq(,)
eq(a,a)eq(a,b)
