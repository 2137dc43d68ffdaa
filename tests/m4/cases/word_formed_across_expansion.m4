define(`half', `dou')define(`double', `DOUBLE')dnl
halfble
half()ble
half`'ble
define(`empty', `')dnl
dou`'empty`'ble
douempty()ble
half()empty()ble
