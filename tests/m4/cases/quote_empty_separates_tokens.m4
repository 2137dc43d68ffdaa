define(`ab', `AB')define(`a', `A')dnl
ab
a`'b
`'ab
a`'`'b
