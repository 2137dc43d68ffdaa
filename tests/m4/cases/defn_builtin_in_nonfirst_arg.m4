define(`w', `$1$2')dnl
w(`x', defn(`len'))
define(`bi', defn(`incr'))bi(4)
