"""`newssearch serve`: the archive in a browser. Only that command imports the modules
here (and with them the web stack), so the CLI's start time does not pay for them."""


class ServeError(Exception):
    """The server cannot start (address in use, no data directory); one line for the user."""
