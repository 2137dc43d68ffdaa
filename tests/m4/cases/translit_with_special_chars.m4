translit(`a,b(c)d', `,()', `;[]')
translit(`tabs	and spaces', `	 ', `_-')
translit(`a\b', `\', `/')
