text
m4exit
more
