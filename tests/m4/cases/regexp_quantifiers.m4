regexp(`aaab', `a*b', `[\&]') regexp(`b', `a*b', `[\&]') regexp(`ab', `a?b', `[\&]')
regexp(`aab', `a?b', `[\&]') regexp(`colour', `colou?r', `yes') regexp(`color', `colou?r', `yes')
regexp(`*x', `*x', `[\&]')
