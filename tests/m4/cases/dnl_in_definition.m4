define(`two', `a dnl
b')dnl
two
end
