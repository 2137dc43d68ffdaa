define(`m', `M')dnl
substr(`xmx', 1, 1)
substr(`abc', 0, 2)
