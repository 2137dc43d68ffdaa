indir(`undefined_thing')
indir(`undefined_thing', a, b)
