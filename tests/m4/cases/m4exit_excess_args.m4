m4exit(2, 3)
