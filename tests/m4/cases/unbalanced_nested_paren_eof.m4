len((a)
