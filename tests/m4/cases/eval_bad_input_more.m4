eval(`1 +')eval(`-')eval(`2 * @')eval(`(1')eval(`!$')
