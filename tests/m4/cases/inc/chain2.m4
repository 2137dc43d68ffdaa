chain2 __file__ __line__
