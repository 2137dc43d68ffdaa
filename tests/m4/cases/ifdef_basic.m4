define(`yes', `')dnl
ifdef(`yes', `defined', `undefined')
ifdef(`no', `defined', `undefined')
ifdef(`yes', `only-then')
ifdef(`no', `only-then')
ifdef(`len', `builtin counts')
