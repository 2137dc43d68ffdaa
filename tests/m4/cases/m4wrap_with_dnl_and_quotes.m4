m4wrap(`dnl
wrapped `quoted' text
')dnl
main
