eval
eval()
[eval(`')]
eval(1, `', `')
