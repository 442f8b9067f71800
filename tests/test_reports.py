"""The reports the CLI and the web app share: one CSV of task counts (with the guard against
spreadsheet formulas), one status report."""

from __future__ import annotations

from factories import entry

from core.records import FileStatus, TaskCount
from reports.exports import FACTS_COLUMNS, facts_csv
from reports.facts import TaskCountRow
from reports.status import failures


def test_the_facts_csv_never_starts_a_formula() -> None:
    tc = TaskCount(number=1.0, unit="x", role="completed", sentence="=HYPERLINK(1)")
    row = TaskCountRow("d1", "+title", None, "2020-01-02", "@body", 2020, tc)
    header, line = facts_csv([row]).lstrip("\ufeff").splitlines()
    assert header.split(",") == list(FACTS_COLUMNS)
    assert "'=HYPERLINK(1)" in line and ",'+title," in line and ",'@body," in line


def test_failures_in_catalog_order_or_newest_first() -> None:
    files = [
        entry("/a", sha256="a", status=FileStatus.FAILED, error="x", updated_at="2020"),
        entry("/b", sha256="b", status=FileStatus.INDEXED, updated_at="2024"),
        entry("/c", sha256="c", status=FileStatus.SKIPPED, error="y", updated_at="2022"),
    ]
    assert [f.path for f in failures(files)] == ["/a", "/c"]
    assert [f.path for f in failures(files, newest_first=True)] == ["/c", "/a"]
