define(`orig', `body $1')dnl
defn(`orig')
define(`copy', defn(`orig'))dnl
copy(x)
