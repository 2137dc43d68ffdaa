x dnl(a, b) rest
y
