"""Precision and recall of `nlp.facts.extract_facts` per field over the hand-annotated gold set.

    .venv/bin/python benchmarks/facts_quality.py            # the table
    .venv/bin/python benchmarks/facts_quality.py -v         # and every miss and false alarm
    .venv/bin/python benchmarks/facts_quality.py --markdown # the table for BENCHMARKS.md
    .venv/bin/python benchmarks/facts_quality.py --refresh-text  # re-extract the .txt snapshots

The gold files are tests/gold/facts/<name>.json (how they were annotated: README.md there); each
document's text is the snapshot <name>.txt next to it. Matching rules per field:

- header fields: equal after normalization (case, tone-mark convention, quotes, dashes,
  whitespace, trailing punctuation); a null prediction for a null gold is not counted.
- dates: the set of distinct (value, precision, end) per document.
- task counts: one-to-one matching on (number, total, role, percent) with units equal or one
  a word-prefix of the other ("cuộc họp" / "cuộc họp giao ban").
- bodies, people, references: the set of canonical names / person names / normalized numbers;
  level and place (bodies), titles (people), types and dates (references) are reported as the
  share of matched items that also agree on them.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "gold" / "facts"
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

from hoso.records import DocumentFacts  # noqa: E402
from nlp.facts import extract_facts  # noqa: E402
from nlp.normalize import normalize_tones  # noqa: E402

HEADER_FIELDS = (
    "doc_type", "doc_number", "issuer", "place", "issued_date", "title", "signer", "signer_role",
    "session", "term", "published", "source", "author",
)  # fmt: skip
GOALS = {
    "header": (0.95, 0.90),
    "dates": (0.95, 0.90),
    "task_counts": (0.95, 0.90),
    "bodies": (0.85, 0.85),
}


@dataclass
class Score:
    """Counts for one field: predicted, gold, correct; plus attribute agreement of matches."""

    predicted: int = 0
    gold: int = 0
    correct: int = 0
    agree: dict[str, list[int]] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 1.0

    def add(self, other: Score) -> None:
        self.predicted += other.predicted
        self.gold += other.gold
        self.correct += other.correct
        for k, (a, n) in other.agree.items():
            mine = self.agree.setdefault(k, [0, 0])
            mine[0] += a
            mine[1] += n
        self.misses += other.misses

    def note_agreement(self, what: str, ok: bool) -> None:
        counts = self.agree.setdefault(what, [0, 0])
        counts[0] += int(ok)
        counts[1] += 1


def norm(value: Any) -> str:
    """The comparison form of a header value."""
    if value is None:
        return ""
    text = normalize_tones(str(value)).casefold()
    text = re.sub(r"[“”\"'‘’«»]", "", text)
    text = re.sub(r"\s*[-–—]\s*", "-", text)
    return " ".join(text.split()).strip(" .;:,")


def name_key(value: str) -> str:
    return re.sub(r"[\W_]+", "", normalize_tones(value).casefold())


def gold_documents() -> list[tuple[str, dict[str, Any], str]]:
    """(name, gold, text) for every gold document."""
    docs = []
    for path in sorted(GOLD.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        text = path.with_suffix(".txt").read_text(encoding="utf-8")
        docs.append((path.stem, gold, text))
    return docs


def score_header(name: str, gold: dict[str, Any], facts: DocumentFacts) -> dict[str, Score]:
    scores: dict[str, Score] = {}
    for fld in HEADER_FIELDS:
        if fld == "signer":
            want = (gold.get("signer") or {}).get("name")
            got = facts.signer.name if facts.signer else None
        elif fld == "signer_role":
            want = (gold.get("signer") or {}).get("role")
            got = facts.signer.role if facts.signer else None
        else:
            want, got = gold.get(fld), getattr(facts, fld)
        s = Score(predicted=int(bool(got)), gold=int(bool(want)))
        s.correct = int(bool(got) and bool(want) and norm(got) == norm(want))
        if norm(got) != norm(want):
            s.misses.append(f"{name}: {fld}: want {want!r} got {got!r}")
        scores[fld] = s
    return scores


def score_dates(name: str, gold: list[dict[str, Any]], facts: DocumentFacts) -> Score:
    want = {(d["value"], d["precision"], d.get("end")) for d in gold}
    got = {(d.value, d.precision, d.end) for d in facts.dates}
    s = Score(predicted=len(got), gold=len(want), correct=len(want & got))
    s.misses += [f"{name}: date missed {w}" for w in sorted(want - got, key=str)]
    s.misses += [f"{name}: date extra {g}" for g in sorted(got - want, key=str)]
    return s


def _unit_match(a: str, b: str) -> bool:
    a, b = norm(a), norm(b)
    return a == b or a.startswith(b + " ") or b.startswith(a + " ")


def score_task_counts(name: str, gold: list[dict[str, Any]], facts: DocumentFacts) -> Score:
    s = Score(predicted=len(facts.task_counts), gold=len(gold))
    left = list(facts.task_counts)
    for want in gold:
        for got in left:
            if (
                got.number == want["number"]
                and got.total == want.get("total")
                and got.role == want["role"]
                and got.percent == want.get("percent")
                and _unit_match(got.unit, want["unit"])
            ):
                s.correct += 1
                s.note_agreement("period", (got.period or None) == want.get("period"))
                left.remove(got)
                break
        else:
            s.misses.append(f"{name}: task count missed {want}")
    s.misses += [
        f"{name}: task count extra {t.number}/{t.total} {t.unit} {t.role} {t.percent}" for t in left
    ]
    return s


def _set_score(
    name: str, what: str, want: dict[str, dict[str, Any]], got: dict[str, Any], attrs: Iterable[str]
) -> Score:
    s = Score(predicted=len(got), gold=len(want), correct=len(set(want) & set(got)))
    for key in set(want) & set(got):
        for attr in attrs:
            w, g = want[key].get(attr), getattr(got[key], attr)
            same = name_key(str(g)) == name_key(str(w)) if attr != "title" else _title_ok(w, g)
            s.note_agreement(attr, same)
    s.misses += [
        f"{name}: {what} missed {want[k].get('name') or k}" for k in sorted(set(want) - set(got))
    ]
    s.misses += [f"{name}: {what} extra {k}" for k in sorted(set(got) - set(want))]
    return s


def _title_ok(want: str | None, got: str | None) -> bool:
    if not want or not got:
        return not want and not got
    a, b = norm(want), norm(got)
    return a == b or a.startswith(b) or b.startswith(a)


def score_document(name: str, gold: dict[str, Any], facts: DocumentFacts) -> dict[str, Score]:
    scores = score_header(name, gold["header"], facts)
    scores["dates"] = score_dates(name, gold["dates"], facts)
    scores["task_counts"] = score_task_counts(name, gold["task_counts"], facts)
    scores["bodies"] = _set_score(
        name, "body", {name_key(b["name"]): b for b in gold["bodies"]},
        {name_key(b.name): b for b in facts.bodies}, ("level", "place"),
    )  # fmt: skip
    scores["people"] = _set_score(
        name, "person", {name_key(p["name"]): p for p in gold["people"]},
        {name_key(p.name): p for p in facts.people}, ("title",),
    )  # fmt: skip
    scores["references"] = _set_score(
        name, "reference", {name_key(r["number"]): r for r in gold["references"]},
        {name_key(r.number or ""): r for r in facts.references}, ("doc_type", "date"),
    )  # fmt: skip
    return scores


def evaluate(heldout: bool | None = None) -> tuple[dict[str, Score], list[tuple[float, int]]]:
    """Scores per field (and per group: "header") over the gold set, and (seconds, characters)
    per document. `heldout` True/False restricts to the documents annotated after the rules were
    written (`"heldout": true` in their gold file) or to the others."""
    totals: dict[str, Score] = {}
    timings: list[tuple[float, int]] = []
    extract_facts("UBND tỉnh Hà Giang, ngày 1 tháng 1 năm 2020.")  # load underthesea, the gazetteer
    for name, gold, text in gold_documents():
        if heldout is not None and bool(gold.get("heldout")) != heldout:
            continue
        start = time.perf_counter()
        facts = extract_facts(text)
        timings.append((time.perf_counter() - start, len(text)))
        for fld, score in score_document(name, gold, facts).items():
            totals.setdefault(fld, Score()).add(score)
            if fld in HEADER_FIELDS:
                totals.setdefault("header", Score()).add(score)
    return totals, timings


def table(totals: dict[str, Score], markdown: bool = False) -> str:
    rows = ["header", *HEADER_FIELDS, "dates", "task_counts", "bodies", "people", "references"]
    out = []
    if markdown:
        out.append("| field | gold | predicted | correct | precision | recall | of matches |")
        out.append("| --- | ---: | ---: | ---: | ---: | ---: | --- |")
    else:
        out.append(f"{'field':<16}{'gold':>6}{'pred':>6}{'ok':>6}{'P':>8}{'R':>8}  of matches")
    for row in rows:
        s = totals.get(row)
        if s is None:
            continue
        agree = ", ".join(f"{k} {a}/{n}" for k, (a, n) in s.agree.items())
        label = f"**{row}**" if markdown and row in GOALS else row
        label = label if markdown or row in GOALS or row not in HEADER_FIELDS else f"  {row}"
        if markdown:
            label = label if row not in HEADER_FIELDS else f"↳ {row}"
            out.append(
                f"| {label} | {s.gold} | {s.predicted} | {s.correct} | {s.precision:.3f} | {s.recall:.3f} | {agree} |"
            )
        else:
            out.append(
                f"{label:<16}{s.gold:>6}{s.predicted:>6}{s.correct:>6}{s.precision:>8.3f}{s.recall:>8.3f}  {agree}"
            )
    return "\n".join(out)


def refresh_text() -> None:
    from extractors import extract

    for name, gold, _ in gold_documents():
        source = SHARED / gold["source"]
        text = extract(source).text
        (GOLD / f"{name}.txt").write_text(text, encoding="utf-8")
        print(f"refreshed {name}.txt from {gold['source']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="list every miss")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    parser.add_argument("--refresh-text", action="store_true", help="re-extract the .txt snapshots")
    args = parser.parse_args(argv)
    if args.refresh_text:
        refresh_text()
        return 0
    totals, timings = evaluate()
    if args.verbose:
        for row in ("header", "dates", "task_counts", "bodies", "people", "references"):
            for miss in totals[row].misses:
                print(miss)
        print()
    docs = gold_documents()
    held = sum(bool(g.get("heldout")) for _, g, _ in docs)
    print(f"All {len(docs)} gold documents:\n")
    print(table(totals, args.markdown))
    print(f"\nThe {held} held-out documents only:\n")
    print(table(evaluate(heldout=True)[0], args.markdown))
    seconds = sorted(t for t, _ in timings)
    slowest, size = max(timings)
    print(
        f"\nextract_facts per document: median {seconds[len(seconds) // 2] * 1000:.0f} ms, "
        f"slowest {slowest * 1000:.0f} ms ({size:,} characters)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
