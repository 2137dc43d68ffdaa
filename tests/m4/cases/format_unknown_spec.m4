format(`%z')
format(`%')
format(`a%lqb', 1)
