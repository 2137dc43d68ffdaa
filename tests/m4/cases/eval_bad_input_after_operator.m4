eval(`6/:')eval(`~m')eval(`(z)')
