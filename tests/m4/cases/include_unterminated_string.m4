include(`inc/openquote.m4')dnl
main continues
