"""Project commands (setting COMMANDS_MODULE): ``crawl`` with clear errors and exit codes."""
