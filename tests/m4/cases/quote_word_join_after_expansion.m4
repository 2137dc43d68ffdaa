define(`pre', `a')define(`ab', `JOINED')dnl
pre`'b
prefix
