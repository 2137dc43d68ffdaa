[include(`inc/nonl.m4')]
