eval(12&10) eval(12|10) eval(12^10) eval(~0) eval(~5) eval(1<<4) eval(256>>4) eval(-8>>1)
