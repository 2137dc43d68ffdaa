`dnl is just text'
define(`dd', `dnl')dnl
dd gone
after
