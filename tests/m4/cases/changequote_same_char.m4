changequote(", ")dnl
define("a", "letter")dnl
a "a" ""a""
