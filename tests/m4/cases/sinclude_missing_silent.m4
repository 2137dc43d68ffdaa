sinclude(`inc/absent.m4')dnl
[sinclude(`inc/absent.m4')]
after
