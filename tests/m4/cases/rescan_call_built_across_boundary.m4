define(`fo', `f')define(`foo', `FOO')dnl
fo`'o
define(`pfx', `fo')dnl
pfx`'o
define(`word', `fo')word()o
