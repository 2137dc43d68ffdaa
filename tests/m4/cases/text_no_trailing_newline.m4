just text
no newline at end