"""mc-check, the command-line interface."""
