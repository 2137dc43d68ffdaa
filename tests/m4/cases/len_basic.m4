len(`') len(`a') len(`hello world') len(`a,b') len((x,y)) len(`  ')
len
len(abc, def)
