define(`v', `one')dnl
v
define(`v', `two')dnl
v
define(`v', `v')dnl
