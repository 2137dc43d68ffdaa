substr(`abc')
translit(`abc')
index(`abc')
regexp(`abc')
