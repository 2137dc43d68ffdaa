define(`outer', `inner')dnl
outer
define(`inner', `INNER')dnl
outer
