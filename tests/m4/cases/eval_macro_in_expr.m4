define(`n', `7')define(`expr', `n*6')dnl
eval(n+1) eval(expr) eval(`n' + 2)
