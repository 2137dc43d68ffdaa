changequote([, ])dnl
define([m], [value])dnl
m [m] [[m]]
`m'
