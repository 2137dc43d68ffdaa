divert(1)from include, diverted
divert(0)from include, main
