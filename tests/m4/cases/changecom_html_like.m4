changecom(`<!', `!>')dnl
define(`x', `X')dnl
x <! x !> x
<!-- x, still comment !>x
