"""The sentence gold of council facts (tests/gold/counts) is well formed, its corpus sentences
are really in their documents, its split follows the stated rule, and the scorer in
benchmarks/facts_quality.py matches counts as its docstring says. No test here asserts the
quality goals: the figures are in BENCHMARKS.md."""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from benchmark_module import load_benchmark

from core.records import DocumentFacts, Person, TaskCount

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "gold" / "counts"
FIELDS = ("counts", "people", "dates")
ROLES = {
    "completed", "in_progress", "pending", "not_completed", "carried_over", "new", "total",
    "passed", "other",
}  # fmt: skip
KINDS = {"task", "indicator", "activity"}
ISO = re.compile(r"\d{4}(-Q[1-4]|-\d{2}(-\d{2})?)?")
DIGIT_WORDS = {
    "một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "lăm": 5, "sáu": 6,
    "bảy": 7, "tám": 8, "chín": 9,
}  # fmt: skip
NUMBER_WORD = re.compile(
    rf"\b(?:{'|'.join(DIGIT_WORDS)}|mười|mươi|chục|trăm|nghìn|ngàn)\b", re.IGNORECASE
)


def _items() -> list[dict[str, Any]]:
    items = []
    for path in sorted(GOLD.glob("*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            item = json.loads(line)
            item["_where"] = f"{path.name}:{number}"
            items.append(item)
    return items


ITEMS = _items()


def _spaces(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _numerals(text: str) -> set[float]:
    """Every value a numeral of the text can stand for, read the Vietnamese way (thousands dots,
    decimal commas), alone and times the "vạn"/"nghìn"/"ngàn"/"triệu" after it."""
    values: set[float] = set()
    scales = {"vạn": 10_000, "nghìn": 1000, "ngàn": 1000, "triệu": 1_000_000}
    for m in re.finditer(r"(\d+(?:\.\d{3})*(?:,\d+)?)\s*(vạn|nghìn|ngàn|triệu)?", text):
        value = float(m.group(1).replace(".", "").replace(",", "."))
        values.add(value)
        if m.group(2):
            values.add(round(value * scales[m.group(2)], 6))
    for m in re.finditer(r"(\d+\.\d{1,2})\s*%", text):  # a decimal point before "%": "3.43%"
        values.add(float(m.group(1)))
    run: list[str] = []  # number words: "hai mươi mốt" → 21, "một trăm hai mươi" → 120
    for word in [*re.findall(r"\w+", text.lower()), ""]:
        if NUMBER_WORD.fullmatch(word):
            run.append(word)
            continue
        if run:  # "trong năm: mười tám" → 18 too: "năm" (year) may open the run
            values.update(_number_words(run[i:]) for i in range(len(run)))
            values.update(float(DIGIT_WORDS[w]) for w in run if w in DIGIT_WORDS)
        run = []
    return values


def _number_words(words: list[str]) -> float:
    thousands = hundreds = current = 0
    for word in words:
        if word == "mười":
            current += 10
        elif word == "mươi":
            current *= 10
        elif word == "chục":  # "chục ngàn" → 10000, "hai chục" → 20
            current = (current or 1) * 10
        elif word == "trăm":
            hundreds, current = hundreds + current * 100, 0
        elif word in ("nghìn", "ngàn"):  # "một nghìn hai trăm" → 1200
            thousands, hundreds, current = thousands + (hundreds + current) * 1000, 0, 0
        else:
            current += DIGIT_WORDS[word]
    return float(thousands + hundreds + current)


def _check_count(count: dict[str, Any], numerals: set[float], where: str) -> None:
    assert set(count) == {"number", "total", "percent", "unit", "role", "kind"}, where
    assert count["role"] in ROLES and count["kind"] in KINDS, f"{where}: {count}"
    assert count["unit"].strip() == count["unit"] != "", where
    for key in ("number", "total", "percent"):
        value = count[key]
        if key != "number" and value is None:
            continue
        assert isinstance(value, int | float) and not isinstance(value, bool), where
        assert value > 0, where
        # written in the text, in digits or in words
        assert value in numerals, f"{where}: {key} {value} is not written in the text"
    if count["total"] is not None:
        assert count["number"] <= count["total"], where


def test_second_reading_is_of_tune_items_only() -> None:
    # benchmarks/reader_agreement.py: a second reader's counts for a sample of the tune items,
    # each item once, under the same rules as the gold's own counts
    by_id = {i["id"]: i for i in ITEMS}
    lines = [
        (path.name, number, json.loads(line))
        for path in sorted((GOLD / "second-reading").glob("*.jsonl"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
    ]
    assert len(lines) >= 150
    assert len({r["id"] for _, _, r in lines}) == len(lines)
    for name, number, reading in lines:
        where = f"second-reading/{name}:{number}"
        assert set(reading) <= {"id", "counts", "note"}, where
        item = by_id[reading["id"]]
        assert item["split"] == "tune" and "counts" in item, where
        for count in reading["counts"]:
            _check_count(count, _numerals(item["text"]), where)


def test_the_gold_is_large_enough() -> None:
    counts = sum(len(i.get("counts", [])) for i in ITEMS)
    people = sum(len(i.get("people", [])) for i in ITEMS)
    negatives = [i for i in ITEMS if all(not i[f] for f in FIELDS if f in i)]
    dated = [i for i in ITEMS if "dates" in i]
    assert counts >= 420 and people >= 110 and len(negatives) >= 100 and len(dated) >= 35
    sources = {i["source"] for i in ITEMS}
    assert "written" in sources and sum(s.startswith("corpus/") for s in sources) >= 15
    assert sum(s.startswith("https://") for s in sources) >= 100  # pages.jsonl: real web pages


@pytest.mark.parametrize("item", ITEMS, ids=lambda i: i["id"])
def test_item_is_well_formed(item: dict[str, Any]) -> None:
    where = item["_where"]
    assert set(item) - {"_where"} <= {"id", "text", "source", "split", *FIELDS}, where
    assert any(f in item for f in FIELDS), f"{where}: annotated for nothing"
    assert item["split"] in ("tune", "heldout"), where
    text = item["text"]
    assert text == text.strip() and text, where
    for value in _strings(item):
        assert unicodedata.is_normalized("NFC", value), f"{where}: not NFC: {value!r}"
    source = item["source"]
    assert source == "written" or source.startswith(("corpus/", "https://", "http://")), where
    numerals = _numerals(text)
    for count in item.get("counts", []):
        _check_count(count, numerals, where)
    for person in item.get("people", []):
        assert set(person) == {"name", "title"}, where
        assert person["name"].strip() and person["name"] in text, where
        assert person["title"] is None or person["title"].strip() == person["title"] != ""
    for date in item.get("dates", []):
        assert set(date) == {"value", "end"}, where
        assert ISO.fullmatch(date["value"]), where
        assert date["end"] is None or (ISO.fullmatch(date["end"]) and date["end"] > date["value"])


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def test_ids_are_unique_and_the_split_follows_the_rule() -> None:
    """The rule of README.md: group = the id before its last "-", n = the number after it;
    held out when (n + the first 8 hex digits of SHA-1(group)) mod 3 == 0."""
    ids = [i["id"] for i in ITEMS]
    assert len(ids) == len(set(ids))
    groups: dict[str, list[int]] = {}
    for item in ITEMS:
        group, _, number = item["id"].rpartition("-")
        assert group and re.fullmatch(r"\d{3}", number), item["id"]
        offset = int(hashlib.sha1(group.encode()).hexdigest()[:8], 16)
        want = "heldout" if (int(number) + offset) % 3 == 0 else "tune"
        assert item["split"] == want, item["id"]
        groups.setdefault(group, []).append(int(number))
    # numbered 1, 2, 3, … within a group, no gaps but the items left out as repeats of a
    # sentence already in the gold (left-out.tsv names the item each repeats)
    left_out = [line.split("\t") for line in (GOLD / "left-out.tsv").read_text().splitlines()[1:]]
    assert all(same in ids and left not in ids for left, same in left_out)
    for left, _ in left_out:
        group, _, number = left.rpartition("-")
        groups.setdefault(group, []).append(int(number))
    for group, numbers in groups.items():
        assert sorted(numbers) == list(range(1, len(numbers) + 1)), group
    held = sum(i["split"] == "heldout" for i in ITEMS) / len(ITEMS)
    assert 0.28 < held < 0.38


def test_corpus_sentences_are_in_their_documents(corpus_dir: Path) -> None:
    """A corpus item's text occurs in its document's text after whitespace normalisation: the
    file itself for plain text, else the text hoso extracted, kept under sources/."""
    texts: dict[str, str] = {}
    for item in ITEMS:
        if not item["source"].startswith("corpus/"):
            continue
        relative = item["source"].removeprefix("corpus/")
        if relative not in texts:
            path = corpus_dir / relative
            assert path.is_file(), item["source"]
            if path.suffix not in (".txt", ".md"):
                path = GOLD / "sources" / f"{path.name}.txt"
            texts[relative] = _spaces(path.read_text(encoding="utf-8"))
        assert _spaces(item["text"]) in texts[relative], item["id"]


def test_as_read_gives_each_corpus_sentence_with_its_documents_line_breaks() -> None:
    fq = load_benchmark("facts_quality")
    items = [i for i in ITEMS if i["source"].endswith(".pdf")]
    read = fq.as_read(items)
    assert [r["id"] for r in read] == [i["id"] for i in items]
    assert all(r["text"].split() == i["text"].split() for r, i in zip(read, items, strict=True))
    assert sum("\n" in r["text"] for r in read) > 50  # PDF text keeps its lines


# --- the scorer -------------------------------------------------------------------------------


def _count(number: float, unit: str, role: str, **more: Any) -> TaskCount:
    return TaskCount(number=number, unit=unit, role=role, sentence="", **more)


def _gold(number: float, unit: str, role: str, kind: str, **more: Any) -> dict[str, Any]:
    return {"number": number, "total": None, "percent": None, "unit": unit, "role": role,
            "kind": kind, **more}  # fmt: skip


def test_counts_match_one_to_one_on_number_total_and_percent() -> None:
    fq = load_benchmark("facts_quality")
    item = {"id": "x-001", "text": "…", "counts": [
        _gold(5, "nội dung", "completed", "task", total=6),
        _gold(5, "kiến nghị", "in_progress", "task"),
        _gold(7, "xã", "completed", "indicator", percent=70.0),
    ]}  # fmt: skip
    facts = DocumentFacts(
        task_counts=[
            # the second gold count, not the first; both matches of the wrong kind
            _count(5, "kiến nghị", "in_progress", kind="indicator"),
            _count(5, "nội dung", "completed", total=6.0, kind="indicator"),
            _count(7, "xã", "completed"),  # its percent is missing: wrong
            _count(5, "kiến nghị", "in_progress", kind="indicator"),  # one gold count, one match
        ]
    )
    scores: dict[str, Any] = {}
    fq.score_counts(item, facts, scores)
    counts = scores["counts"]
    assert (counts.gold, counts.predicted, counts.correct) == (3, 4, 2)
    assert counts.agree["role"] == [2, 2] and counts.agree["unit"] == [2, 2]
    assert counts.agree["kind"] == [0, 2]
    assert scores["counts: task"].correct == 0 and scores["counts: task"].gold == 2
    assert scores["counts: task"].agree["numbers right"] == [2, 2]


def test_kind_and_role_are_scored_over_matches() -> None:
    fq = load_benchmark("facts_quality")
    item = {"id": "x-002", "text": "…", "counts": [_gold(3, "cuộc giám sát", "other", "activity")]}
    got = TaskCount(3, "cuộc giám sát chuyên đề", "remaining", "", kind="activity")
    scores: dict[str, Any] = {}
    fq.score_counts(item, DocumentFacts(task_counts=[got]), scores)
    assert scores["counts"].correct == 1
    assert scores["counts"].agree["role"] == [0, 1] and scores["counts"].agree["kind"] == [1, 1]
    assert scores["counts: activity"].correct == 1 == scores["counts: activity"].predicted


@pytest.mark.parametrize(
    ("want", "got", "agrees"),
    [
        ("nội dung công việc", "nội dung", True),  # a word-prefix
        ("nội dung", "nội dung giám sát", True),
        ("kiến nghị của cử tri", "kiến nghị cử tri", True),  # the same head noun
        ("Dự án", "dự án", True),
        ("kiến nghị", "nội dung", False),
        ("nội dung", "nội vụ", False),  # one syllable in common is not a head noun
        ("xã", None, False),
    ],
)
def test_unit_agreement(want: str, got: str | None, agrees: bool) -> None:
    assert load_benchmark("facts_quality").unit_agrees(want, got) is agrees


def test_people_and_dates_scoring() -> None:
    fq = load_benchmark("facts_quality")
    item = {"id": "x-003", "text": "…", "people": [
        {"name": "Nguyễn Văn Phúc", "title": "Chủ tịch HĐND huyện Krông Nô"},
        {"name": "Lê Thị Hoa", "title": None},
    ], "dates": [{"value": "2020-07-08", "end": "2020-07-10"}]}  # fmt: skip
    facts = DocumentFacts(
        people=[Person("Nguyễn Văn Phúc", "Chủ tịch HĐND huyện"), Person("Trần B", None)]
    )
    scores: dict[str, Any] = {}
    fq.score_people(item, facts, scores)
    fq.score_item_dates(item, facts, scores)
    people = scores["people"]
    assert (people.gold, people.predicted, people.correct) == (2, 2, 1)
    assert people.agree["title"] == [1, 1]
    assert (scores["dates"].gold, scores["dates"].predicted, scores["dates"].correct) == (1, 0, 0)


def test_items_of_one_split_only() -> None:
    fq = load_benchmark("facts_quality")
    tune, held = fq.sentence_items("tune"), fq.sentence_items("heldout")
    assert {i["split"] for i in tune} == {"tune"} and {i["split"] for i in held} == {"heldout"}
    assert len(tune) + len(held) == len(fq.sentence_items("all")) == len(ITEMS)
