define(`m', `M')dnl
`# m' m
define(`c', `# m')dnl
c m
