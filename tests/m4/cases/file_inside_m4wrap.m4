m4wrap(`__file__:__line__
')dnl
main
