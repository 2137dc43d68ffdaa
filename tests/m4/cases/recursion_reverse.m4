define(`reverse', `ifelse(`$#', `0', , `$#', `1', ``$1'', `reverse(shift($@)), `$1'')')dnl
reverse(a, b, c, d)
reverse
reverse(x)
