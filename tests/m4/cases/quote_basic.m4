define(`greet', `hello')dnl
greet
`greet'
``greet''
```greet'''
