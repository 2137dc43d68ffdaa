__file__(x)
__line__(y)
