divert(1)one
divert(2)undivert(1)two
divert(0)dnl
[main]
undivert(1)dnl
[nothing left in 1]
undivert(2)dnl
