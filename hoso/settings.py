"""Settings: CLI flags first, then `HOSO_*` environment variables, then defaults.

Every setting has a help line; README.md lists them all (a test checks that).
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path


def _default_data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("hoso", appauthor=False))


@dataclass(frozen=True)
class Settings:
    data_dir: Path = field(
        default_factory=_default_data_dir,
        metadata={"env": "HOSO_DATA_DIR", "help": "where the catalog, records and index live"},
    )
    batch_size: int = field(
        default=16,
        metadata={"env": "HOSO_BATCH_SIZE", "help": "files extracted per ingest task"},
    )

    @property
    def catalog_path(self) -> Path:
        return self.data_dir / "hoso.sqlite3"

    @property
    def search_dir(self) -> Path:
        return self.data_dir / "search"

    @property
    def cache_dir(self) -> Path:
        return self.data_dir / "cache"

    @classmethod
    def load(cls, **flags: object) -> Settings:
        """Build settings from flags (None means "not given"), then the environment, then defaults."""
        values: dict[str, object] = {}
        for f in dataclasses.fields(cls):
            flag = flags.get(f.name)
            env = os.environ.get(f.metadata["env"])
            raw = flag if flag is not None else env
            if raw is None or raw == "":
                continue
            values[f.name] = _coerce(f.type, raw)
        return cls(**values)  # type: ignore[arg-type]

    @classmethod
    def help(cls) -> list[tuple[str, str, str]]:
        """(name, environment variable, help) for every setting."""
        return [(f.name, f.metadata["env"], f.metadata["help"]) for f in dataclasses.fields(cls)]


def _coerce(type_name: object, raw: object) -> object:
    if type_name in ("Path", Path):
        return Path(str(raw)).expanduser()
    if type_name in ("int", int):
        return int(str(raw))
    return raw
