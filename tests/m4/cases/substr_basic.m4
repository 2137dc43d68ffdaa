substr(`hello world', 6) substr(`hello world', 0, 5) substr(`hello', 1, 3)
substr(`hello', 10) substr(`hello', 2, 100) substr(`hello', 0, 0)
