define(`d', `$1 `$1' $$1 $')dnl
d(x)
