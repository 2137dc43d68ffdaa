defn(`nosuch')
define(`x', defn(`nosuch'))dnl
[x]
