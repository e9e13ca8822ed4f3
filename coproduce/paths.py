"""The one place that decides where coproduce keeps its files.

Order: an explicit ``--data-dir``; then the ``COPRODUCE_DATA_DIR`` environment variable; then the platform's
user data folder (platformdirs). Everything — database, backups, keys, exports, logs — lives under it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

ENV_VAR = "COPRODUCE_DATA_DIR"
APP_NAME = "coproduce"


@dataclass(frozen=True)
class DataPaths:
    root: Path

    @property
    def database(self) -> Path:
        return self.root / "coproduce.sqlite3"

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def keys(self) -> Path:
        return self.root / "keys"

    @property
    def exports(self) -> Path:
        return self.root / "exports"

    @property
    def damaged(self) -> Path:
        return self.root / "damaged"

    @property
    def lock_file(self) -> Path:
        return self.root / "coproduce.lock"

    @property
    def log_file(self) -> Path:
        return self.root / "coproduce.log"

    def ensure(self) -> DataPaths:
        for folder in (self.root, self.backups, self.keys, self.exports):
            folder.mkdir(parents=True, exist_ok=True)
        return self


def resolve_data_dir(explicit: str | os.PathLike[str] | None = None) -> DataPaths:
    if explicit:
        return DataPaths(Path(explicit).expanduser().resolve())
    from_env = os.environ.get(ENV_VAR)
    if from_env:
        return DataPaths(Path(from_env).expanduser().resolve())
    return DataPaths(Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)))
