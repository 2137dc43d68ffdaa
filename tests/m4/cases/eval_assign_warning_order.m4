eval(`1 = 1/0')eval(`7=')
