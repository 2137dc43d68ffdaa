len(`é') len(`café') len(`日本')
index(`café!', `!')
substr(`naïve', 4)
