define(`later', `divert(1)$1
divert(0)')dnl
later(`deferred')dnl
now
