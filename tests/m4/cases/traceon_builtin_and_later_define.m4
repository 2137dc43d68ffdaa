traceon(`len', `later')dnl
len(`abc')
define(`later', `L')dnl
later
traceoff(`len', `later')dnl
len(`x') later
