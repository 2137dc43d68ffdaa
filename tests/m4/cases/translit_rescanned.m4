define(`ABC', `macro!')dnl
translit(`abc', `a-z', `A-Z')
