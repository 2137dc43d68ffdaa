define(`u', `U')dnl
u
undefine(`u')dnl
u
undefine(`never_defined')dnl
done
