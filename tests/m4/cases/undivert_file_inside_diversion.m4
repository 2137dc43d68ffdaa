divert(1)undivert(`inc/plain.txt')divert(0)dnl
main first
