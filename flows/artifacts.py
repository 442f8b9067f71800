"""Prefect artifacts: what a flow run did, shown in the Prefect UI."""

from __future__ import annotations

from prefect.artifacts import create_table_artifact

from core.records import IngestSummary


def publish_summary(summary: IngestSummary, key: str) -> None:
    """A table of counts and a table of failures with their reasons."""
    counts = {
        "new": summary.indexed - summary.updated,
        "updated": summary.updated,
        "moved": summary.moved,
        "copies linked": summary.linked - summary.moved,
        "unchanged": summary.unchanged,
        "deleted": summary.removed,
        "failed": summary.failed,
    }
    create_table_artifact(
        key=f"{key}-counts",
        table=[{"outcome": k, "files": v} for k, v in counts.items()],
        description="Files by outcome",
    )
    if summary.failures:
        create_table_artifact(
            key=f"{key}-failures",
            table=[{"path": f.path, "reason": f.error} for f in summary.failures],
            description="Failed files and why",
        )
