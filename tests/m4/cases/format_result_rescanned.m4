define(`ABC', `macro')dnl
format(`%s', `ABC')
format(`A%sC', `B')
