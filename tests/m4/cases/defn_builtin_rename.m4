define(`def', defn(`define'))dnl
undefine(`define')dnl
def(`x', `X')dnl
x
define(`y', `Y')
