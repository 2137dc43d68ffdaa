define(`e')dnl
[e] [e()]
