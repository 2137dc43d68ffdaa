indir(`define', `z', `Z')z
indir(`ifelse', a, a, yes, no)
indir(`dnl')text
after
