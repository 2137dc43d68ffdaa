define(`open', `(')define(`close', `)')define(`f', `[$1]')dnl
f open x close
f(open x close)
f(open)
