index(`hello', `l') index(`hello', `lo') index(`hello', `z') index(`hello', `')
index(`', `') index(`', `a') index(`aaa', `aa')
