"""How far two readers of the annotation guide agree on counts, and where the extractor stands
between them.

    .venv/bin/python benchmarks/reader_agreement.py

`tests/gold/counts/second-reading/*.jsonl` holds a second, independent reading of a random
sample of the sentence gold (tune items only): a reader given only the guide
(`tests/gold/counts/README.md`) and each item's text annotated its counts again, never seeing
the first reading or the extractor. The counts of the two readings are matched one to one on
number, total and percent (as `facts_quality.py` matches the extractor's). Printed: the second
reading's agreement with the first (precision and recall taking the first as reference), the
share of agreeing counts whose role and kind agree, the role pairs they disagree on; then the
extractor scored against each reading, and its role against both where the two readers found
the count alike.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from facts_quality import _as_dict, _same, match_counts, sentence_items  # noqa: E402

from nlp.facts import extract_facts  # noqa: E402

SECOND = ROOT / "tests" / "gold" / "counts" / "second-reading"
KEYS = ("number", "total", "percent")


def pairs(first: list[dict[str, Any]], second: list[dict[str, Any]]) -> list[tuple[dict, dict]]:
    """The counts of two readings matched as `facts_quality.match_counts` matches the gold and
    the extractor's, in the order of the first reading."""
    matched = match_counts(first, second)
    return [(first[i], second[j]) for i, (j, _) in sorted(matched.items())]


def agreement(readings: list[tuple[list[dict], list[dict]]]) -> dict[str, Any]:
    """Precision and recall of the second list against the first, and role and kind agreement
    over the matched counts."""
    reference = sum(len(a) for a, _ in readings)
    other = sum(len(b) for _, b in readings)
    matched = [p for a, b in readings for p in pairs(a, b)]
    return {
        "reference": reference,
        "other": other,
        "matched": len(matched),
        "precision": len(matched) / other if other else 1.0,
        "recall": len(matched) / reference if reference else 1.0,
        "role": sum(a["role"] == b["role"] for a, b in matched),
        "kind": sum(a["kind"] == b["kind"] for a, b in matched),
        "role pairs": Counter((a["role"], b["role"]) for a, b in matched if a["role"] != b["role"]),
    }


def second_readings() -> list[dict[str, Any]]:
    return [
        json.loads(line)
        for path in sorted(SECOND.glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


def line(name: str, s: dict[str, Any]) -> str:
    m = s["matched"]
    return (
        f"{name:<34} {s['reference']:>5} {s['other']:>5} {m:>5}  {s['precision']:.3f}  "
        f"{s['recall']:.3f}  role {s['role']}/{m} = {s['role'] / m:.3f}  "
        f"kind {s['kind']}/{m} = {s['kind'] / m:.3f}"
    )


def main() -> None:
    first = {item["id"]: item for item in sentence_items("all")}
    second = second_readings()
    extracted = {
        s["id"]: [_as_dict(t) for t in extract_facts(first[s["id"]]["text"]).task_counts]
        for s in second
    }
    readers = agreement([(first[s["id"]]["counts"], s["counts"]) for s in second])
    print(
        f"{len(second)} items read twice ({', '.join(sorted({s['id'].rsplit('-', 1)[0] for s in second}))})"
    )
    print(f"{'':<34} {'ref':>5} {'other':>5} {'agree':>5}  P      R")
    print(line("second reader vs first", readers))
    for name, ref in (
        ("first", lambda s: first[s["id"]]["counts"]),
        ("second", lambda s: s["counts"]),
    ):
        print(
            line(
                f"extractor vs {name} reader",
                agreement([(ref(s), extracted[s["id"]]) for s in second]),
            )
        )
    print(
        "role pairs the readers disagree on (first, second):",
        dict(readers["role pairs"].most_common()),
    )
    # the extractor's role where both readers found the count alike
    alike = either = both = disputed = wrong = 0
    for s in second:
        for a, b in pairs(first[s["id"]]["counts"], s["counts"]):
            got = [g for g in extracted[s["id"]] if all(_same(g.get(k), a.get(k)) for k in KEYS)]
            if not got:
                continue
            role = min(got, key=lambda g: g["role"] != a["role"])["role"]
            alike += 1
            both += role == a["role"]
            either += role in (a["role"], b["role"])
            if role != a["role"]:
                wrong += 1
                disputed += a["role"] != b["role"]
    print(
        f"extractor's role on the {alike} counts both readers and the extractor found: agrees "
        f"with the first reader {both / alike:.3f}, with either {either / alike:.3f}; "
        f"{disputed} of its {wrong} disagreements with the first are counts the readers read differently"
    )


if __name__ == "__main__":
    main()
