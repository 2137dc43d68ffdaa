m4exit(`abc')
