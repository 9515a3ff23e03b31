"""amtui — the account manager's cockpit in the terminal."""

__version__ = "0.1.0"
