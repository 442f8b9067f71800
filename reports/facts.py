"""The task counts across documents: each document's facts in brief (`Summary`) and one row per
task count (`TaskCountRow`), as the facts page, the API and `hoso facts export` list them."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import PurePath

from core.records import Document, TaskCount
from nlp.normalize import fold
from reports.completion import council_of

# A title shorter than this ("Nghị quyết", "Báo cáo") names a kind, not one document.
MIN_VERSION_TITLE = 24


@dataclass(frozen=True)
class Summary:
    """The facts of one document that result cards, task counts and number links need."""

    id: str
    title: str
    doc_type: str | None
    issued_date: str | None
    issuer: str | None
    doc_number_normalized: str | None
    task_counts: tuple[TaskCount, ...]
    stamp: str
    doc_number: str | None = None
    session: str | None = None
    place: str | None = None
    people: tuple[str, ...] = ()
    format: str | None = None

    @property
    def year(self) -> int | None:
        return year_of(self.issued_date)

    def version_key(self) -> tuple[str, ...] | None:
        """What the same document in another form (a DOCX draft and the signed scan, a scan and
        its transcript) shares: its number with its issuer and year, else a title of its own
        with its issuer and date (as far as they are known); None when neither is known well
        enough to tell."""
        issuer, date = fold(self.issuer or ""), self.issued_date or ""
        if self.doc_number_normalized:
            return ("number", fold(self.doc_number_normalized), issuer, str(self.year or ""))
        if len(self.title) >= MIN_VERSION_TITLE and (issuer or date):
            return ("title", fold(self.title), issuer, date)
        return None


def summarize(doc: Document, stamp: str = "") -> Summary:
    people = [doc.signer.name] if doc.signer else []
    people += [p.name for p in doc.people]
    return Summary(
        id=doc.id,
        title=display_title(doc),
        doc_type=doc.doc_type,
        issued_date=doc.issued_date,
        issuer=doc.issuer,
        doc_number_normalized=doc.doc_number_normalized,
        task_counts=tuple(doc.task_counts),
        stamp=stamp,
        doc_number=doc.doc_number,
        session=doc.session,
        place=doc.place,
        people=tuple(dict.fromkeys(people)),
        format=doc.format,
    )


# Lines of a document's heading that say nothing about it (national motto, issuer, number, place
# and date); a title is never one of them.
_BOILERPLATE = re.compile(
    r"(cộng hòa|cộng hoà|độc lập|hội đồng nhân dân|ủy ban nhân dân|uỷ ban nhân dân|số\s*:|"
    r"ngày\s+\d|,\s*ngày\b|^[-_=.*\s]+$|^[\d\s./-]+$)",
    re.IGNORECASE,
)
# The issuer's lines of a heading ("HUYỆN TUẦN GIÁO", "THƯỜNG TRỰC HĐND"): short, in capitals.
_ISSUER_LINE = re.compile(
    r"(huyện|tỉnh|thành phố|tp\.?|xã|phường|quận|thị xã|thường trực|đoàn|ban|văn phòng|hđnd|ubnd)\b",
    re.IGNORECASE,
)
_FILE_NAME = re.compile(r"^[\w.-]+\.[A-Za-z0-9]{2,5}$|^[\w-]*_[\w-]*$")


def looks_like_file_name(title: str, doc: Document) -> bool:
    """True when a title is the file's name rather than words of the document
    ("06_hagiang_hdnd_NQ94-2017_ct-giam-sat-2018.md" or its stem)."""
    names = {PurePath(p).name for p in doc.paths} | {PurePath(p).stem for p in doc.paths}
    return title in names or bool(_FILE_NAME.match(title.strip()))


def display_title(doc: Document) -> str:
    """What a result card calls the document: its title (trích yếu) unless that is a file name,
    else the first meaningful line of its text, else its id."""
    title = (doc.title or "").strip()
    if title and not looks_like_file_name(title, doc):
        return title
    for line in doc.text.splitlines()[:80]:
        line = " ".join(line.replace("#", " ").split())
        heading = line.isupper() and len(line) <= 40 and _ISSUER_LINE.match(line)
        if len(line) >= 12 and not heading and not _BOILERPLATE.search(line):
            return line[:200]
    return title or doc.id


def year_of(date: str | None) -> int | None:
    if date and len(date) >= 4 and date[:4].isdigit():
        return int(date[:4])
    return None


@dataclass
class TaskCountRow:
    """One task count with the document it was read from. `body` is the counted body, else the
    document's issuer; `year` is the count's period, else the document's year."""

    doc_id: str
    title: str
    doc_type: str | None
    issued_date: str | None
    body: str | None
    year: int | None
    task_count: TaskCount
    # The council whose work the count reports, as completion by council names it.
    council: str | None = None


def task_count_rows(summaries: Iterable[Summary]) -> list[TaskCountRow]:
    """Every task count of these documents, newest document first."""
    rows = []
    for s in sorted(summaries, key=lambda s: (s.issued_date or "", s.id), reverse=True):
        council = council_of(s)
        for tc in s.task_counts:
            rows.append(
                TaskCountRow(
                    doc_id=s.id,
                    title=s.title,
                    doc_type=s.doc_type,
                    issued_date=s.issued_date,
                    body=tc.body or s.issuer,
                    year=year_of(tc.period) or s.year,
                    task_count=tc,
                    council=council,
                )
            )
    return rows


def row_value(row: TaskCountRow, name: str) -> str | None:
    """A row's value for a filter or a facet (`role`, `kind`, `body`, `council`, `year`,
    `doc_type`, …), as text; None when the row has none."""
    value: object = getattr(row.task_count if name in ("role", "kind") else row, name)
    return None if value in (None, "") else str(value)


def completion(row: TaskCountRow) -> float | None:
    """The count's completion in percent: as stated, else number over total."""
    tc = row.task_count
    if tc.percent is not None:
        return tc.percent
    return 100 * tc.number / tc.total if tc.total else None


def row_matches(
    row: TaskCountRow,
    wanted: Mapping[str, object | None],
    min_percent: float | None = None,
    max_percent: float | None = None,
) -> bool:
    """Whether a row has every wanted value (None: any) and a completion in the range: the
    filter of `hoso facts export` and of the web's facts view."""
    if min_percent is not None or max_percent is not None:
        percent = completion(row)
        low = min_percent if min_percent is not None else float("-inf")
        high = max_percent if max_percent is not None else float("inf")
        if percent is None or not low <= percent <= high:
            return False
    return all(v is None or row_value(row, name) == str(v) for name, v in wanted.items())
