changequote([, ])dnl
changecom([%])dnl
define([m], [M])dnl
m % m [%] m
[# m] # m
