"""The API key in the system keyring (Secret Service, macOS Keychain, Windows Credential Locker).

`keyring` is imported only when a key is read or written: finding its backend takes a good part of a second.
Where there is no keyring (a server without a desktop session), callers keep the key in the settings
file, which only its owner can read, and say so.
"""

from __future__ import annotations

import logging

SERVICE = "writing-assistant"
API_KEY = "remote.api_key"

log = logging.getLogger(__name__)


class SecretError(Exception):
    """The keyring exists but refused (locked, no D-Bus session): the message says why."""


def _keyring():
    """The keyring module when a usable backend is there, else None."""
    import keyring
    from keyring.backends import fail, null

    backend = keyring.get_keyring()
    if isinstance(backend, (fail.Keyring, null.Keyring)) or getattr(backend, "priority", 1) <= 0:
        return None
    return keyring


def available() -> bool:
    try:
        return _keyring() is not None
    except Exception as error:  # a broken backend module: there is no keyring to speak of
        log.warning("no keyring: %s", error)
        return False


def store(value: str) -> bool:
    """Keep `value` in the keyring (an empty one is deleted there); False where there is no keyring or it refused."""
    try:
        keyring = _keyring()
        if keyring is None:
            return False
        if value:
            keyring.set_password(SERVICE, API_KEY, value)
        else:
            from keyring.errors import PasswordDeleteError

            try:
                keyring.delete_password(SERVICE, API_KEY)
            except PasswordDeleteError:
                pass  # nothing was there
        return True
    except Exception as error:  # keyring.errors.KeyringError and whatever a backend raises
        log.warning("the keyring refused the API key: %s", error)
        return False


def fetch() -> str:
    """The key kept in the keyring ("" if none); SecretError if the keyring cannot be read now."""
    try:
        keyring = _keyring()
        if keyring is None:
            raise SecretError("there is no system keyring here any more")
        return keyring.get_password(SERVICE, API_KEY) or ""
    except SecretError:
        raise
    except Exception as error:
        raise SecretError(str(error) or type(error).__name__) from None
