define(`x', `a `b' c')dnl
changequote([, ])dnl
defn([x])
[defn([x])]
define([y], defn([x]))dnl
y
