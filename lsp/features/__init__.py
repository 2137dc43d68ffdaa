"""One module per language feature. Each takes text, tree or findings and returns plain
dataclasses with code-point offsets; none imports lsprotocol (convert.py does that)."""
