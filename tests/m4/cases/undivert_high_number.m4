divert(10)ten
divert(11)eleven
divert(0)dnl
undivert(11)dnl
undivert(10)dnl
done
