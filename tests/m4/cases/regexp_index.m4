regexp(`GNU m4 is fun', `m4') regexp(`GNU m4 is fun', `xyz') regexp(`abc', `')
regexp(`abc', `^') regexp(`abc', `$')
