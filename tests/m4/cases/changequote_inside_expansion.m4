define(`setq', `changequote([,])')dnl
setq[a`b']
changequote(`,')dnl
`back'
