debugmode(`aeq')dnl
define(`pair', `($1,$2)')dnl
traceon(`pair')dnl
pair(`a', b c)
pair
