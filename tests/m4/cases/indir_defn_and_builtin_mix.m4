define(`mydef', defn(`define'))dnl
indir(`mydef', `z', `zed')z
builtin(`indir', `z')
indir(`builtin', `len', `four')
