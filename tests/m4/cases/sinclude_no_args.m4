sinclude
sinclude()
after
