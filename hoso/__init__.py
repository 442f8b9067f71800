"""hoso: ingest and search the archives of Vietnamese People's Councils (HĐND)."""

__version__ = "0.1.0"
