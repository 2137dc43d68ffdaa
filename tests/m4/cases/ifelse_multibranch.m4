define(`which', `ifelse($1, 1, one, $1, 2, two, $1, 3, three, other)')dnl
which(1) which(2) which(3) which(4) which()
