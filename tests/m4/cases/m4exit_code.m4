before
m4exit(5)
after
