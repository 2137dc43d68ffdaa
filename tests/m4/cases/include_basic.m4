define(`mac', `from main')dnl
include(`inc/defs.m4')dnl
defined_in_inc
mac
