"""How pages write values: dates, numbers, sizes, labels and links that keep the search state."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from urllib.parse import urlencode

from hoso.web import i18n


def link(path: str, params: Sequence[tuple[str, str]], **changes: object) -> str:
    """A link to `path` with the current parameters (pairs; a name may repeat) changed: None
    removes a parameter, a list or tuple gives it those values, anything else that one value.
    Any change but of `offset` itself starts again at the first page."""
    pairs = [
        (k, v) for k, v in params if k not in changes and (k != "offset" or "offset" in changes)
    ]
    for key, value in changes.items():
        if value is None or value == "":
            continue
        values = value if isinstance(value, list | tuple) else [value]
        pairs += [(key, str(v)) for v in values if v not in (None, "")]
    return path + ("?" + urlencode(pairs) if pairs else "")


def label(t: Callable[[str], str], kind: str, value: str) -> str:
    """The page's word for a code ("role", "completed" → "đã hoàn thành"), else the code."""
    key = f"{kind}.{value}"
    text = t(key)
    return value if text == key else text


def date(value: str | None, lang: str = i18n.DEFAULT_LANGUAGE) -> str:
    """An ISO date (or date-time) as the page's language writes it: "2025-06-27" → "27/06/2025",
    "2020-11" → "11/2020", "2019-12-03T09:39" → "03/12/2019 09:39" in Vietnamese; ISO in English."""
    if not value:
        return ""
    m = re.fullmatch(r"(\d{4}(?:-\d{2}){0,2})(?:[T ](\d{2}:\d{2}))?.*", value)
    if lang != "vi" or m is None:
        return value
    day = "/".join(reversed(m.group(1).split("-")))
    return f"{day} {m.group(2)}" if m.group(2) else day


def filesize(size: int) -> str:
    """A size in bytes as people read it: "812 B", "1.5 MB"."""
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"


def number(value: float | None, lang: str = i18n.DEFAULT_LANGUAGE) -> str:
    """A count as the page's language writes it: "1.250" and "90,8" in Vietnamese."""
    if value is None:
        return ""
    text = f"{int(value):,}" if float(value).is_integer() else f"{value:,.1f}"
    if lang == "vi":
        text = text.replace(",", " ").replace(".", ",").replace(" ", ".")
    return text
