define(`q', `Q')dnl
changequote(q, e)dnl
q quoted e
