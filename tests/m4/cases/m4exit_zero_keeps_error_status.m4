include(`nosuch')m4exit(0)
