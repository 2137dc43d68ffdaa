define(`join', `ifelse(`$#', `2', ``$2'', `$#', `1', `', ``$2'$1$0(`$1', shift(shift($@)))')')dnl
join(`-', a, b, c)
join(`, ', x)
join(`+')
