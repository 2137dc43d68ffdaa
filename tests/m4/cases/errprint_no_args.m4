errprint
errprint()
x
