eval(0&&1/0) eval(1||1/0) eval(1&&2) eval(0||0) eval(3&&0)
eval(!0) eval(!5) eval(!!7)
