"""Settings: CLI flags first, then `HOSO_*` environment variables, then defaults.

Every setting has a help line; README.md lists them all (a test checks that).
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path

# Seconds a claim of a worker on another host holds before another worker may take the file over
# (the default of `Settings.lease_seconds`; a claim of a dead process on this host expires at once).
LEASE_SECONDS = 600.0


def _default_data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("hoso", appauthor=False))


@dataclass(frozen=True)
class Limits:
    """What one file may cost. Over `max_file_mb` or `max_pages` it is skipped; the timeout and
    memory cap are enforced by the worker processes (`ingest.workers`)."""

    timeout: float = 300.0
    memory_mb: int = 3072
    max_file_mb: int = 500
    max_pages: int = 3000


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
    workers: int = field(
        default=0,
        metadata={
            "env": "HOSO_WORKERS",
            "help": "extraction worker processes (0: one per core, at most 4)",
        },
    )
    extract_timeout: float = field(
        default=300.0,
        metadata={
            "env": "HOSO_EXTRACT_TIMEOUT",
            "help": "seconds one file may take to extract before its worker is stopped",
        },
    )
    memory_mb: int = field(
        default=3072,
        metadata={"env": "HOSO_MEMORY_MB", "help": "memory cap of one extraction worker, in MB"},
    )
    max_file_mb: int = field(
        default=500,
        metadata={"env": "HOSO_MAX_FILE_MB", "help": "larger files are skipped, with the reason"},
    )
    max_pages: int = field(
        default=3000,
        metadata={"env": "HOSO_MAX_PAGES", "help": "PDFs with more pages are skipped"},
    )
    max_attempts: int = field(
        default=3,
        metadata={
            "env": "HOSO_MAX_ATTEMPTS",
            "help": "a file whose processing started this many times without finishing is parked",
        },
    )
    lease_seconds: float = field(
        default=LEASE_SECONDS,
        metadata={
            "env": "HOSO_LEASE_SECONDS",
            "help": "seconds after which a file claimed by a worker on another host that never "
            "finished it may be taken over by another worker",
        },
    )
    elasticsearch_url: str | None = field(
        default=None,
        metadata={
            "env": "HOSO_ELASTICSEARCH_URL",
            "help": "Elasticsearch URL, or several separated by commas; when set, the catalog, "
            "records and index live there instead of the data directory",
        },
    )
    # Secrets: repr=False keeps them out of every printed or logged Settings.
    elasticsearch_api_key: str | None = field(
        default=None,
        repr=False,
        metadata={"env": "HOSO_ELASTICSEARCH_API_KEY", "help": "Elasticsearch API key (encoded)"},
    )
    elasticsearch_username: str | None = field(
        default=None,
        metadata={"env": "HOSO_ELASTICSEARCH_USERNAME", "help": "Elasticsearch user name"},
    )
    elasticsearch_password: str | None = field(
        default=None,
        repr=False,
        metadata={"env": "HOSO_ELASTICSEARCH_PASSWORD", "help": "Elasticsearch password"},
    )
    elasticsearch_ca_certs: Path | None = field(
        default=None,
        metadata={
            "env": "HOSO_ELASTICSEARCH_CA_CERTS",
            "help": "CA certificate (PEM file) that signed the cluster's TLS certificate",
        },
    )
    elasticsearch_fingerprint: str | None = field(
        default=None,
        metadata={
            "env": "HOSO_ELASTICSEARCH_FINGERPRINT",
            "help": "SHA-256 fingerprint of the cluster's TLS certificate, instead of a CA file",
        },
    )
    elasticsearch_timeout: float = field(
        default=30.0,
        metadata={
            "env": "HOSO_ELASTICSEARCH_TIMEOUT",
            "help": "seconds to wait for one Elasticsearch request",
        },
    )
    elasticsearch_index_prefix: str = field(
        default="hoso",
        metadata={
            "env": "HOSO_ELASTICSEARCH_INDEX_PREFIX",
            "help": "prefix of the Elasticsearch index names (<prefix>-files, <prefix>-documents)",
        },
    )
    api_token: str | None = field(
        default=None,
        repr=False,
        metadata={
            "env": "HOSO_API_TOKEN",
            "help": "token the web app requires (Authorization: Bearer header or its login page) "
            "whenever set; `hoso serve --host` refuses to start without one unless --no-token",
        },
    )
    archive_roots: str | None = field(
        default=None,
        metadata={
            "env": "HOSO_ARCHIVE_ROOTS",
            "help": "folders whose originals `hoso serve` may offer for download, separated by "
            "os.pathsep (`:` on Linux); unset: downloads are disabled",
        },
    )

    @property
    def catalog_path(self) -> Path:
        return self.data_dir / "hoso.sqlite3"

    @property
    def search_dir(self) -> Path:
        return self.data_dir / "search"

    @property
    def limits(self) -> Limits:
        return Limits(
            timeout=self.extract_timeout,
            memory_mb=self.memory_mb,
            max_file_mb=self.max_file_mb,
            max_pages=self.max_pages,
        )

    @property
    def worker_count(self) -> int:
        return self.workers or max(1, min(4, os.cpu_count() or 1))

    @property
    def cache_dir(self) -> Path:
        return self.data_dir / "cache"

    @property
    def archive_root_paths(self) -> tuple[Path, ...]:
        """`archive_roots` as absolute paths (empty when unset)."""
        parts = (self.archive_roots or "").split(os.pathsep)
        return tuple(Path(p).expanduser().absolute() for p in parts if p.strip())

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
    if type_name in ("Path", Path, "Path | None"):
        return Path(str(raw)).expanduser()
    if type_name in ("int", int):
        return int(str(raw))
    if type_name in ("float", float):
        return float(str(raw))
    return raw
