translit(`hello', `a-y', `Z')
translit(`abc-xyz', `a-c-x', `123')
