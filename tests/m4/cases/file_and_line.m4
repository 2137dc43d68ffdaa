__file__
__line__
define(`here', `__line__')dnl
here
`__line__'
