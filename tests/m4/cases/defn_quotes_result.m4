define(`m', `M')define(`b', `m and `m'')dnl
defn(`b')
-defn(`b')-
