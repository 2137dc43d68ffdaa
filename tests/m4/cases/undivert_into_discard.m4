divert(1)one
divert(-1)undivert(1)divert(0)dnl
main
undivert(1)dnl
end
