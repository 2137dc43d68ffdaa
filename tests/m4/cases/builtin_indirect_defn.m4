define(`b', defn(`builtin'))dnl
b(`eval', `2+3')
