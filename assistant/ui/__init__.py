"""The desktop app: every PySide6 class lives under here, and only here."""
