included text
m4exit(7)
not reached
