define(`mylen', defn(`len'))dnl
undefine(`len')dnl
mylen(`hello')
len(`hello')
