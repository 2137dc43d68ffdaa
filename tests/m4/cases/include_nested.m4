include(`inc/chain1.m4')dnl
end
