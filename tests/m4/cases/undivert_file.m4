undivert(`inc/plain.txt')dnl
---
undivert(`inc/nosuch.txt')
after
