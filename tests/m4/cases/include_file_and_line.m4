__file__:__line__
include(`inc/where.m4')dnl
__file__:__line__
