changequote(<<, >>)dnl
define(<<w>>, <<W>>)dnl
w <<w>> <<<<w>>>> <w>
<<a <<b>> c>>
