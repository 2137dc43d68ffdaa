include(`inc/divs.m4')dnl
main after include
