define(`a', `A')define(`b', `B')dnl
defn(`a', `b')
define(`ab', defn(`a', `b'))dnl
ab
