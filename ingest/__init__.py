"""Ingest: discover files, plan, claim, extract and record them, the watcher, re-indexing and the check."""
