"""The app's dialogs, one to a module."""
