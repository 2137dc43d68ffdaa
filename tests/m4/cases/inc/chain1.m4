chain1 __file__ __line__
include(`inc/chain2.m4')dnl
chain1 again __line__
