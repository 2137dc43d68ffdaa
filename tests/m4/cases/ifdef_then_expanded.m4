define(`m', `M')define(`n', `N')dnl
ifdef(`m', `m', `n')
ifdef(`zz', `m', `n')
ifdef(`m', ``m'', `n')
