define(`one', `1')define(`two', `$1 `and' $2')dnl
dumpdef(`one', `two')dnl
dumpdef(`len')dnl
dumpdef(`nosuch')dnl
out
