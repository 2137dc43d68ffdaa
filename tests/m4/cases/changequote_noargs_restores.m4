changequote([, ])dnl
define([v], [V])dnl
[v] `v'
changequote`'dnl
[v] `v'
changequote()dnl
[v] `v'
