ifelse(`this is a comment, with commas')dnl
visible
