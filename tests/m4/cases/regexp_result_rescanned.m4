define(`M', `expanded')dnl
regexp(`xMx', `M', `\&')
regexp(`xMx', `M', ``\&'')
