include
include()
