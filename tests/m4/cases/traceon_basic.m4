define(`foo', `FOO $1')dnl
traceon(`foo')dnl
foo(bar)
traceoff(`foo')dnl
foo(baz)
