"""Data files the app ships: translations, icons, desktop integration (installed as assistant.resources)."""
