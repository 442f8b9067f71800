"""The facts of one document's text: header, dates, task counts, bodies, people, references.

`extract_facts` is the one entry point the ingest pipeline calls, for every document. It never
raises on odd text: a step that fails is logged and left empty, the others still run. It stays
fast (tens of milliseconds for a ten-page document once underthesea is loaded): underthesea
splits sentences and tags the few words after a number (the counted noun of a task count),
everything else is rules and gazetteers over the text. The steps live in their own modules:
`header`, `dates`, `task_counts`, `bodies`, `people`, `references`.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import Callable
from typing import TypeVar

from core.records import Body, DocumentFacts, HeaderFacts, Person, Reference, TaskCount
from nlp import places
from nlp.bodies import Locality, find_bodies
from nlp.dates import LOST, Found, scan
from nlp.entities import Resolved, resolve_issuer
from nlp.header import Header, read_header
from nlp.normalize import nfc
from nlp.people import find_people
from nlp.places import Place
from nlp.references import find_references
from nlp.sentences import Sentences
from nlp.tables import mask_tables
from nlp.task_counts import find_task_counts

log = logging.getLogger(__name__)
T = TypeVar("T")

# Broken PDF text layers write glyphs they cannot map as "(cid:105)"; one placeholder character
# lets "th(cid:105)ng" still read as "tháng" (see nlp.dates.LOST).
_CID = re.compile(r"\(cid:\d+\)")
# A document number cut at the end of a line: "Báo cáo thẩm tra số 84/BC-\nKTNS".
_CUT = re.compile(r"(?<=[\w/])([/-])[ \t]*\n[ \t]*(?=[A-ZĐ\d])")
_SUBJECT_VERB = re.compile(r"([^.;]{0,40}?)\s(?:đã|đang|sẽ|tiếp\s+tục|chủ\s+động)\s")
_PROVINCE_MENTION = re.compile(
    r"(?<!\w)(?:tỉnh|thành phố|TỈNH|THÀNH PHỐ)\s+((?:[A-ZĐÂĂÊÔƠƯ][^\s,;.()]*\s?){1,4})"
)


def prepare(text: str) -> str:
    """The text the rules read: NFC, lost glyphs as one placeholder, non-breaking spaces as
    spaces, numbers cut at a line end joined again."""
    text = nfc(_CID.sub(LOST, text)).replace("\xa0", " ").replace("\r\n", "\n")
    return _CUT.sub(r"\1", text)


def extract_facts(text: str, title_hint: str | None = None) -> DocumentFacts:
    """The facts of one document's text. `title_hint` is a title the file format carried (an
    HTML <title>), used for a news article whose text gives none."""
    try:
        text = prepare(text or "")
    except Exception:  # pragma: no cover - only str methods on a str
        log.exception("could not prepare the text for fact extraction")
        return DocumentFacts()
    header = _safely(lambda: read_header(text, title_hint), Header(), "header")
    day = header.issued_date if header.issued_date and len(header.issued_date) == 10 else None
    sentences = _safely(lambda: Sentences(text), Sentences(""), "sentences")
    found: list[Found] = _safely(lambda: scan(text, day), [], "dates")
    locality = _safely(lambda: _locality(header, text), Locality(), "locality")
    bodies: list[Body] = _safely(lambda: find_bodies(text, locality), [], "bodies")
    # Table headers and rows of figures are not sentences stating work done (nlp.tables).
    tableless = _safely(lambda: mask_tables(text), text, "tables")
    counts: list[TaskCount] = _safely(
        lambda: find_task_counts(tableless, Sentences(tableless), day, found), [], "task counts"
    )
    _safely(lambda: _attribute(counts, bodies), None, "task count bodies")
    resolved: Resolved | None = _safely(
        lambda: resolve_issuer(header.issuer, locality.own), None, "issuer"
    )
    people: list[Person] = _safely(lambda: find_people(text, header.signer), [], "people")
    references: list[Reference] = _safely(
        lambda: find_references(text, header.doc_number_normalized), [], "references"
    )
    said = {f.name: getattr(header, f.name) for f in dataclasses.fields(HeaderFacts)}
    said["issuer"] = resolved.name if resolved else None
    # A web page without a trích yếu of its own keeps the title its HTML gave.
    said["title"] = header.title or (title_hint if header.doc_type is None else None)
    return DocumentFacts(
        **said,
        issuer_raw=header.issuer,
        issuer_confidence=resolved.confidence if resolved else None,
        dates=[f.mention(text, sentences) for f in found],
        task_counts=counts,
        bodies=bodies,
        people=people,
        references=references,
    )


def _attribute(counts: list[TaskCount], bodies: list[Body]) -> None:
    """Sets each count's `body`: the body its sentence makes the subject ("Thường trực HĐND
    Thành phố đã triển khai … 361 nhiệm vụ"), else the first body the sentence names."""
    surfaces = sorted(
        ((mention, body.name) for body in bodies for mention in body.mentions),
        key=lambda item: -len(item[0]),
    )
    for count in counts:
        found: list[tuple[int, int, str]] = []
        for mention, name in surfaces:
            pos = count.sentence.find(mention)
            if pos >= 0:
                verb = _SUBJECT_VERB.match(count.sentence, pos + len(mention))
                # the subject is the body nearest before the verb; failing that, the first named
                gap = len(verb[1]) if verb else 10_000
                found.append((gap, pos, name))
        if found:
            count.body = min(found)[2]


def _locality(header: Header, text: str) -> Locality:
    """Where the document sits, for reading "UBND tỉnh", "HĐND huyện" without a name. A
    central body's document (a Government decree signed in Hà Nội) speaks of every province:
    its bare councils and committees are no one place's."""
    if header.issuer and any(b.level == "trung_uong" for b in find_bodies(header.issuer)):
        return Locality.of(None)
    place: Place | None = header.locality
    if place is not None and places.lookup(place.name, place.kind) is None:
        place = None  # a letterhead place the gazetteer does not know ("XÃ QUẢNG PHÖ")
    if place is None and header.place:
        # "Quảng Phú, ngày …": dozens of communes share a name; the province the text names
        # most often tells which one is meant.
        province = _main_province(text)
        place = places.lookup(header.place, "tỉnh", as_written=False) or places.lookup(
            header.place, None, province, unique=province is None
        )
    if place is None:
        # A news article names its council in full somewhere ("HĐND tỉnh Đắk Nông khóa III"):
        # the first body written with its place sets the place of the bare ones.
        for body in find_bodies(text[:4000]):
            if body.place and body.level in ("tinh", "huyen"):
                place = places.lookup(body.place)
                break
    return Locality.of(place)


def _main_province(text: str) -> str | None:
    counts: dict[str, int] = {}
    for m in _PROVINCE_MENTION.finditer(text[:20000]):
        words = m[1].split()
        for n in range(len(words), 0, -1):
            name = " ".join(words[:n])
            found = places.lookup(name, "tỉnh", as_written=False)
            if found is not None and found.level == "tinh":
                counts[found.name] = counts.get(found.name, 0) + 1
                break
    return max(counts, key=lambda k: counts[k]) if counts else None


def _safely(step: Callable[[], T], default: T, what: str) -> T:
    try:
        return step()
    except Exception:
        # A rule that trips on odd text must not cost the document its other facts.
        log.exception("fact extraction failed: %s", what)
        return default
