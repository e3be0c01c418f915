"""Dock panels that observe the session: one module each, added to the window with one line in window.py."""
