define(`defined_in_inc', `value from include, mac=mac')dnl
