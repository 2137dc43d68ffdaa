define(`a', `A')dnl
`define'(`a', `b')a
`a'(1)
