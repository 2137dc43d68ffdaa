include(`inc/absent.m4')
after
