"""Precision and recall of `nlp.facts.extract_facts` per field over the hand-annotated gold set.

    .venv/bin/python benchmarks/facts_quality.py            # the table
    .venv/bin/python benchmarks/facts_quality.py -v         # and every miss and false alarm
    .venv/bin/python benchmarks/facts_quality.py --markdown # the table for BENCHMARKS.md
    .venv/bin/python benchmarks/facts_quality.py --refresh-text  # re-extract the .txt snapshots
    .venv/bin/python benchmarks/facts_quality.py --split tune -v   # sentence gold, tune split only
    .venv/bin/python benchmarks/facts_quality.py --split heldout --group roles- --markdown
    .venv/bin/python benchmarks/facts_quality.py --split heldout --exclude roles- --markdown
    .venv/bin/python benchmarks/facts_quality.py --split heldout --as-read  # with line breaks

Two gold sets. The document gold is tests/gold/facts/<name>.json (how it was annotated:
README.md there); each document's text is the snapshot <name>.txt next to it. The sentence gold
is tests/gold/counts/*.jsonl: sentences and short passages annotated for counts, people and
dates, a third of them held out (README.md there). The command prints both: the document tables,
then the sentence tables for the tune split, the held-out split and all items (`--split` keeps
one; `-v` lists the sentence misses of the tune split, those of the held-out split only when
`--split heldout` asks for them).

Matching rules of the document gold, per field:

- header fields: equal after normalization (case, tone-mark convention, quotes, dashes,
  whitespace, trailing punctuation); a null prediction for a null gold is not counted.
- dates: the set of distinct (value, precision, end) per document.
- task counts: one-to-one matching on (number, total, role, percent) with units equal or one
  a word-prefix of the other ("cuộc họp" / "cuộc họp giao ban").
- bodies, people, references: the set of canonical names / person names / normalized numbers;
  level and place (bodies), titles (people), types and dates (references) are reported as the
  share of matched items that also agree on them.

Matching rules of the sentence gold, per item (`nlp.facts.extract_facts` on the item's text):

- counts: a predicted count is right when number, total and percent all equal a gold count's,
  matched one to one (among equal numbers, the pair whose unit, role and kind agree first).
  Precision over every predicted count of the items annotated for counts (negatives included),
  recall over the gold counts; "negative items clean": the items annotated with no count where
  none was predicted. Per kind, a count is right only when its kind is right too (a
  prediction without a `kind` attribute has none). Over the matched counts: role accuracy, kind
  accuracy and unit agreement (the units share their head noun, the first word of the segmented
  unit, or one is a word-prefix of the other).
- people: names equal after normalization (`name_key`), per item; title agreement over matches
  (equal, or one a prefix of the other).
- dates: the set of (value, end) per item annotated for dates.
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
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from stats import table as stats_table  # noqa: E402

from core.records import DocumentFacts  # noqa: E402
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
    rows = []
    for row in ["header", *HEADER_FIELDS, "dates", "task_counts", "bodies", "people", "references"]:
        s = totals.get(row)
        if s is None:
            continue
        agree = ", ".join(f"{k} {a}/{n}" for k, (a, n) in s.agree.items())
        if markdown:
            label = f"**{row}**" if row in GOALS else row
            label = label if row not in HEADER_FIELDS else f"↳ {row}"
        else:
            label = row if row in GOALS or row not in HEADER_FIELDS else f"  {row}"
        rows.append(
            [label, s.gold, s.predicted, s.correct, f"{s.precision:.3f}", f"{s.recall:.3f}", agree]
        )
    headers = ["field", "gold", "pred", "ok", "P", "R", "of matches"]
    if markdown:
        headers = ["field", "gold", "predicted", "correct", "precision", "recall", "of matches"]
    return stats_table(headers, rows, markdown, left=(0, 6))


# --- the sentence gold (tests/gold/counts) ----------------------------------------------------

SENTENCE_GOLD = ROOT / "tests" / "gold" / "counts"
SPLITS = ("tune", "heldout")
ROLES = (
    "completed", "in_progress", "pending", "not_completed", "carried_over", "new", "total",
    "passed", "other",
)  # fmt: skip
KINDS = ("task", "indicator", "activity")


def sentence_items(split: str = "all", group: str = "", exclude: str = "") -> list[dict[str, Any]]:
    """The items of the sentence gold, in file order; `split` "tune", "heldout" or "all";
    `group` keeps the items whose id starts with it ("roles-": the groups of role phrasings),
    `exclude` leaves out those whose id starts with it."""
    items = []
    for path in sorted(SENTENCE_GOLD.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                if (
                    split in ("all", item["split"])
                    and item["id"].startswith(group)
                    and not (exclude and item["id"].startswith(exclude))
                ):
                    items.append(item)
    return items


def as_read(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The items with each corpus sentence as its document's text holds it, line breaks
    included (the gold keeps it with its white space made single spaces): what
    `extract_facts` reads when it reads the whole document. Items whose document text is not
    at hand, and written ones, stay as they are."""
    texts: dict[str, str | None] = {}
    out = []
    for item in items:
        relative = item["source"].removeprefix("corpus/")
        if item["source"].startswith("corpus/") and relative not in texts:
            path = SHARED / "corpus" / relative
            if path.suffix not in (".txt", ".md"):
                path = SENTENCE_GOLD / "sources" / f"{path.name}.txt"
            texts[relative] = path.read_text(encoding="utf-8") if path.is_file() else None
        document = texts.get(relative)
        words = r"\s+".join(map(re.escape, item["text"].split()))
        found = re.search(words, document) if document and words else None
        out.append({**item, "text": found.group()} if found else item)
    return out


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(float(a) - float(b)) < 1e-6


def _head(unit: str) -> str:
    """The head noun of a counted noun phrase: its first word ("nội dung" of "nội dung công
    việc"; Vietnamese noun phrases are head-first)."""
    from nlp.words import segment

    words = segment(norm(unit)).split()
    return words[0].replace("_", " ") if words else ""


def unit_agrees(want: str, got: str | None) -> bool:
    """The gold and predicted units share their head noun, or one is a word-prefix of the other."""
    if not got:
        return False
    return _unit_match(want, got) or _head(want) == _head(got) != ""


def _describe(count: dict[str, Any]) -> str:
    total = f"/{count['total']:g}" if count.get("total") is not None else ""
    percent = f" ({count['percent']:g}%)" if count.get("percent") is not None else ""
    return (
        f"{count['number']:g}{total}{percent} {count['unit']!r} "
        f"{count.get('role')}/{count.get('kind')}"
    )


def _as_dict(got: Any) -> dict[str, Any]:
    return {
        "number": got.number, "total": got.total, "percent": got.percent, "unit": got.unit,
        "role": got.role, "kind": getattr(got, "kind", None),
    }  # fmt: skip


def match_counts(
    gold: list[dict[str, Any]], got: list[dict[str, Any]]
) -> dict[int, tuple[int, tuple[bool, bool, bool]]]:
    """Gold count index → (index of the count of `got` it is matched to, whether their unit,
    role and kind agree): one to one on equal number, total and percent, the pairs that agree
    on more of unit, role and kind first."""
    pairs = []
    for i, want in enumerate(gold):
        for j, pred in enumerate(got):
            if all(_same(pred[k], want.get(k)) for k in ("number", "total", "percent")):
                agree = (
                    unit_agrees(want["unit"], pred["unit"]),
                    pred["role"] == want["role"],
                    pred["kind"] == want["kind"],
                )
                pairs.append((-sum(agree), i, j, agree))
    pairs.sort()
    matched: dict[int, tuple[int, tuple[bool, bool, bool]]] = {}
    used: set[int] = set()
    for _, i, j, agree in pairs:
        if i not in matched and j not in used:
            matched[i] = (j, agree)
            used.add(j)
    return matched


def score_counts(item: dict[str, Any], facts: DocumentFacts, scores: dict[str, Score]) -> None:
    """Add one item's counts to `scores["counts"]` and the per-kind rows `scores["counts: K"]`."""
    gold = item["counts"]
    got = [_as_dict(t) for t in facts.task_counts]
    where = f"{item['id']}: {item['text'][:90]!r}"
    matched = match_counts(gold, got)
    used = {j for j, _ in matched.values()}
    total = scores.setdefault("counts", Score())
    total.gold += len(gold)
    total.predicted += len(got)
    total.correct += len(matched)
    for kind in KINDS:
        row = scores.setdefault(f"counts: {kind}", Score())
        row.gold += sum(w["kind"] == kind for w in gold)
        row.predicted += sum(p["kind"] == kind for p in got)
        row.correct += sum(
            gold[i]["kind"] == kind and got[j]["kind"] == kind for i, (j, _) in matched.items()
        )
        # numbers right whatever the predicted kind: the recall the kind alone keeps from this row
        numbers = row.agree.setdefault("numbers right", [0, 0])
        numbers[0] += sum(gold[i]["kind"] == kind for i in matched)
        numbers[1] += sum(w["kind"] == kind for w in gold)
    if not gold:  # a negative item: years, money, rankings, ordinals, … and no count
        clean = total.agree.setdefault("negative items clean", [0, 0])
        clean[0] += not got
        clean[1] += 1
    for key in ("total", "percent"):  # the recall of the counts whose sentence states one
        stated = total.agree.setdefault(f"with {key} found", [0, 0])
        stated[0] += sum(gold[i].get(key) is not None for i in matched)
        stated[1] += sum(w.get(key) is not None for w in gold)
    for i, want in enumerate(gold):
        if i not in matched:
            total.misses.append(f"{where}\n    count missed {_describe(want)}")
            continue
        j, (unit_ok, role_ok, kind_ok) = matched[i]
        total.note_agreement("role", role_ok)
        total.note_agreement("kind", kind_ok)
        total.note_agreement("unit", unit_ok)
        if not (unit_ok and role_ok and kind_ok):
            total.misses.append(
                f"{where}\n    count disagrees: want {_describe(want)} got {_describe(got[j])}"
            )
    for j, pred in enumerate(got):
        if j not in used:
            total.misses.append(f"{where}\n    count extra {_describe(pred)}")


def score_people(item: dict[str, Any], facts: DocumentFacts, scores: dict[str, Score]) -> None:
    where = f"{item['id']}: {item['text'][:90]!r}"
    want = {name_key(p["name"]): p for p in item["people"]}
    got = {name_key(p.name): p for p in facts.people}
    s = scores.setdefault("people", Score())
    s.gold += len(want)
    s.predicted += len(got)
    s.correct += len(set(want) & set(got))
    for key in set(want) & set(got):
        ok = _title_ok(want[key]["title"], got[key].title)
        s.note_agreement("title", ok)
        if not ok:
            s.misses.append(
                f"{where}\n    title: want {want[key]['title']!r} got {got[key].title!r}"
                f" ({want[key]['name']})"
            )
    s.misses += [f"{where}\n    person missed {want[k]['name']}" for k in want if k not in got]
    s.misses += [
        f"{where}\n    person extra {got[k].name} ({got[k].title})" for k in got if k not in want
    ]


def score_item_dates(item: dict[str, Any], facts: DocumentFacts, scores: dict[str, Score]) -> None:
    where = f"{item['id']}: {item['text'][:90]!r}"
    want = {(d["value"], d.get("end")) for d in item["dates"]}
    got = {(d.value, d.end) for d in facts.dates}
    s = scores.setdefault("dates", Score())
    s.gold += len(want)
    s.predicted += len(got)
    s.correct += len(want & got)
    s.misses += [f"{where}\n    date missed {w}" for w in sorted(want - got, key=str)]
    s.misses += [f"{where}\n    date extra {g}" for g in sorted(got - want, key=str)]


def evaluate_sentences(
    items: list[dict[str, Any]], cache: dict[str, DocumentFacts] | None = None
) -> dict[str, Score]:
    """Scores of the sentence gold over `items`: "counts", "counts: <kind>", "people", "dates".
    `cache` keeps each item's facts (by id) between calls."""
    cache = {} if cache is None else cache
    details = ("role", "kind", "unit", "with total found", "with percent found")
    scores: dict[str, Score] = {"counts": Score(agree={k: [0, 0] for k in details})}
    scores["counts"].agree["negative items clean"] = [0, 0]
    scores.update({f"counts: {kind}": Score() for kind in KINDS})
    scores.update(people=Score(), dates=Score())
    for item in items:
        if item["id"] not in cache:
            cache[item["id"]] = extract_facts(item["text"])
        facts = cache[item["id"]]
        if "counts" in item:
            score_counts(item, facts, scores)
        if "people" in item:
            score_people(item, facts, scores)
        if "dates" in item:
            score_item_dates(item, facts, scores)
    return scores


def sentence_table(scores: dict[str, Score], markdown: bool = False) -> str:
    """The sentence gold's table: gold, predicted, correct, P, R, and details: role, kind, unit
    and title agreement over matches, the recall of counts with a stated total or percent, the
    negative items without a false alarm, the recall per kind on numbers alone."""
    rows = []
    for row, s in scores.items():
        agree = ", ".join(f"{k} {a}/{n} = {a / n:.2f}" for k, (a, n) in s.agree.items() if n)
        precision = f"{s.precision:.3f}" if s.predicted else "–"
        recall = f"{s.recall:.3f}" if s.gold else "–"
        if markdown:
            label = f"↳ {row.split(': ')[1]}" if ": " in row else f"**{row}**"
        else:
            label = f"  {row}" if ": " in row else row
        rows.append([label, s.gold, s.predicted, s.correct, precision, recall, agree])
    headers = ["field", "gold", "pred", "ok", "P", "R", "details"]
    if markdown:
        headers = ["field", "gold", "predicted", "correct", "precision", "recall", "details"]
    return stats_table(headers, rows, markdown, left=(0, 6))


def print_sentence_gold(
    split: str | None,
    verbose: bool,
    markdown: bool,
    group: str = "",
    exclude: str = "",
    read: bool = False,
) -> None:
    """The sentence gold's tables: the chosen split, or tune, held-out and all; only the items
    whose id starts with `group` and not with `exclude` when they are given; with `read`, the
    corpus sentences as their documents hold them (`as_read`)."""
    cache: dict[str, DocumentFacts] = {}

    def items_of(name: str) -> list[dict[str, Any]]:
        items = sentence_items(name, group, exclude)
        return as_read(items) if read else items

    if verbose:  # the held-out misses only when asked for by name: they are not to be tuned on
        listed = "heldout" if split == "heldout" else "tune"
        scores = evaluate_sentences(items_of(listed), cache)
        print(f"\nSentence gold, misses and false alarms of the {listed} split:\n")
        for row in ("counts", "people", "dates"):
            for miss in scores[row].misses:
                print(miss)
    for name in [split] if split else [*SPLITS, "all"]:
        items = items_of(name)
        scores = evaluate_sentences(items, cache)
        what = {"tune": "tune split", "heldout": "held-out split", "all": "all items"}[name]
        print(f"\nSentence gold, {what} ({len(items)} items):\n")
        print(sentence_table(scores, markdown))


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
    parser.add_argument(
        "--split",
        choices=("tune", "heldout", "all"),
        help="score only this split of the sentence gold (and skip the document gold)",
    )
    parser.add_argument(
        "--group",
        default="",
        help="with --split: only the items whose id starts with this (e.g. roles-)",
    )
    parser.add_argument(
        "--exclude",
        default="",
        help="with --split: leave out the items whose id starts with this (e.g. roles-)",
    )
    parser.add_argument(
        "--as-read",
        action="store_true",
        help="with --split: the corpus sentences with their documents' line breaks",
    )
    args = parser.parse_args(argv)
    if args.refresh_text:
        refresh_text()
        return 0
    if args.split:
        print_sentence_gold(
            args.split, args.verbose, args.markdown, args.group, args.exclude, args.as_read
        )
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
    print_sentence_gold(None, args.verbose, args.markdown)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
