define(`with', `pushdef(`$1', `$2')$3`'popdef(`$1')')dnl
define(`v', `outer')dnl
with(`v', `inner', `v') v
