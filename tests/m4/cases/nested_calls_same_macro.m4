define(`w', `<$1>')dnl
w(w(w(x)))
w(`w(y)')
