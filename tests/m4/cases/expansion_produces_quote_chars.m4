define(`bq', ``'')dnl
[bq]
