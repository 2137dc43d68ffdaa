define(`where', `line __line__')dnl
where

where
