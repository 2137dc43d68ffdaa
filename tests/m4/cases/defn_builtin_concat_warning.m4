define(`both', defn(`len', `define'))dnl
[both]
define(`mix', defn(`len')`text')dnl
[mix(abc)]
