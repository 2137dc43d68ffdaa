indir
indir()
