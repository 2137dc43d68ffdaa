eval(1<<31) eval(1<<32) eval(1<<33) eval(-1>>31) eval(8>>33) eval(-1<<1)
