index(`abc')
index
