define(`zeta', `z')define(`alpha', `a')define(`mid', `$1')dnl
undefine(`__gnu__', `__unix__', `__file__', `__line__', `__program__')dnl
dumpdef(`zeta', `alpha', `mid')dnl
done
