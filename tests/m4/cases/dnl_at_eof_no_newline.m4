first
second dnl last words