divert(-1)dnl
define(`hidden', `H')
stuff
divert(0)hidden
divert(-1)
undivert(1)
divert(1)one
divert(0)dnl
end
