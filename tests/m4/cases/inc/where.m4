inside: __file__:__line__

inside again: __file__:__line__
