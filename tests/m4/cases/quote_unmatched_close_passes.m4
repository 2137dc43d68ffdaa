a ' b '' c
define(`q', `it'`s')q
