define(`foo', `Foo')dnl
foo foo() foo(x)
foobar foo.bar foo_x
