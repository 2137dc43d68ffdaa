sinclude(`inc/defs.m4')dnl
defined_in_inc
