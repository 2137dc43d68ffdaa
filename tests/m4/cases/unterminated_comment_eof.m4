text # comment without end is fine
changecom(`/*', `*/')dnl
more /* but this one never closes
