[defn(`len')]
[defn(`define', `len')]
