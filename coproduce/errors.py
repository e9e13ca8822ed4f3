"""Errors typed by cause.

``KnownError`` and its subclasses are the environment's or the user's fault (a full disk, a locked folder,
a bad file from outside): the message is shown to the person as it is, in plain words. Anything else that
escapes is a bug and gets a traceback in the log.
"""

from __future__ import annotations


class KnownError(Exception):
    """A problem the person can understand and act on. ``str(err)`` is the message shown."""


class ValidationError(KnownError):
    """Input that the app refuses (an empty title, a malformed file, a string past its limit)."""


class NotFoundError(KnownError):
    """A workshop, participant or other record that does not exist (any more)."""


class StorageError(KnownError):
    """The database or its folder cannot be used: full disk, read-only, corrupt, locked, too new."""


class LockedError(KnownError):
    """Another copy of coproduce is already using this data folder."""


class NewerDatabaseError(StorageError):
    """The database was written by a newer version of coproduce."""


class WorkshopLockedError(KnownError):
    """The workshop's record has been signed; its contents can no longer be edited."""
