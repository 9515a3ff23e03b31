"""Rules of the trade shared by the cockpit and the command line. Never imports Textual."""
