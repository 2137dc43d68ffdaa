substr(`hello', 1, 99999)
substr(`hello', 99999)
substr(`hello', 99999, 1)
