café naïve
define(`é', `not a name')dnl
é
