__gnu__
[__gnu__]
__unix__
[__unix__]
__program__
ifdef(`__gnu__', `gnu yes', `gnu no')
ifdef(`__windows__', `windows yes', `windows no')
ifdef(`unix', `unix yes', `unix no')
