[substr(`hello', -1)] [substr(`hello', 1, -1)] [substr(`hello', -2, 3)]
[substr(`hello')] [substr(`hello', `')] [substr(`hello', 1, `')]
