ifelse
[ifelse()]
