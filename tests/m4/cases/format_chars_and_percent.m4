format(`%c%c%c', 72, 105, 33)
format(`100%%')
format(`%c', `65')
