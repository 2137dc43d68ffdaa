substr(`hello', x)
substr(`hello', 1, y)
