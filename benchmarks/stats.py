"""What the benchmarks share: the percentile they report and the tables they print."""

from __future__ import annotations

from collections.abc import Collection, Sequence


def percentile(values: list[float], q: float) -> float:
    """The value at quantile `q` (0–1) of `values`, nearest rank; 0.0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def table(
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    markdown: bool,
    left: Collection[int] = (0,),
) -> str:
    """A table as Markdown or as aligned text: the columns numbered in `left` aligned left (the
    labels, the notes), the others right (the figures)."""
    cells = [[str(x) for x in row] for row in rows]
    if markdown:
        rule = ["---" if i in left else "---:" for i in range(len(headers))]
        lines = [headers, rule, *cells]
        return "\n".join("| " + " | ".join(line) + " |" for line in lines)
    widths = [max(len(x) for x in col) for col in zip(headers, *cells, strict=True)]
    return "\n".join(
        "  ".join(
            x.ljust(w) if i in left else x.rjust(w)
            for i, (x, w) in enumerate(zip(line, widths, strict=True))
        ).rstrip()
        for line in [list(headers), *cells]
    )
