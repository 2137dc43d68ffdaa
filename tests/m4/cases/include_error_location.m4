include(`inc/warns.m4')dnl
back in main __line__
