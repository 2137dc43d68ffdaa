define(`M', `expanded')dnl
errprint(`M')errprint(M)errprint(`
')dnl
