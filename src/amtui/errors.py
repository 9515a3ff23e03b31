"""The one exception type whose message is meant for the user."""


class AmtuiError(Exception):
    """A problem the user can act on; its message is one clear sentence."""
