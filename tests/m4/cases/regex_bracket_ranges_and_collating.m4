regexp(`b', `[z-a]')
regexp(`a', `[[.a.]]')
regexp(`=', `[[=a=]x]')
