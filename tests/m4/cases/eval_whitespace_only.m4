eval(` ')
