define(`self', `undefine(`self')gone-self')dnl
self self
