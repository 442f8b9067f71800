"""The gazetteer of Vietnamese administrative units, before and after the 2025 reorganisation.

Names come from the `vietnamadminunits` package, which ships both the 63-province, three-tier
map in force until 30 June 2025 (provinces, districts, wards) and the 34-province, two-tier map
after it (provinces, wards). Documents in the archive span both, so a name is looked up in both:
"huyện Gia Lâm" (abolished in 2025) and "phường Hồng Hà" (created in 2025) are both places.

The package's own import pulls in numpy and shapely, so this module reads its SQLite file
directly, once per process, on first use.
"""

from __future__ import annotations

import functools
import importlib.util
import logging
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from nlp.normalize import fold, normalize_tones

log = logging.getLogger(__name__)

# Unit kinds as documents write them, lower-case, mapped to the tier they belong to.
KIND_LEVEL = {
    "tỉnh": "tinh",
    "thành phố": "tinh",  # or huyen: a city under a province (decided per name)
    "huyện": "huyen",
    "quận": "huyen",
    "thị xã": "huyen",
    "xã": "xa",
    "phường": "xa",
    "thị trấn": "xa",
    "đặc khu": "xa",
}
# Cities directly under the central government: "thành phố Hà Nội" is a province, "thành phố
# Thuận An" a district.
_CENTRAL_CITIES = frozenset({"Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế"})
_NON_KEY = re.compile(r"[\W_]+")
# Provinces renamed or merged away before the package's "legacy" snapshot (end of 2024), which
# documents of earlier years still name: (name, kind, name in the snapshot).
HISTORICAL_PROVINCES = (
    ("Thừa Thiên Huế", "tỉnh", "Huế"),  # thành phố Huế since 1 January 2025 (NQ 1314/NQ-UBTVQH15)
    ("Hà Tây", "tỉnh", "Hà Nội"),  # merged into Hà Nội on 1 August 2008 (NQ 15/2008/QH12)
)


@dataclass(frozen=True)
class Place:
    """One administrative unit: `kind` as written ("huyện"), `name` ("Gia Lâm"), its `level`
    (tinh | huyen | xa) and the province (and, before 2025, district) it lies in."""

    kind: str
    name: str
    level: str
    province: str | None = None
    district: str | None = None

    @property
    def label(self) -> str:
        """ "huyện Gia Lâm", "tỉnh Bình Dương", "thành phố Hà Nội"."""
        return f"{self.kind} {self.name}"


def key(name: str) -> str:
    """The matching key of a place name: lower case, one tone-mark convention, letters and digits
    only ("Bà Rịa-Vũng Tàu" and "BÀ RỊA - VŨNG TÀU" → "bàrịavũngtàu")."""
    return "".join(_syllable_key(s) for s in _NON_KEY.split(name.lower()) if s)


def folded_key(name: str) -> str:
    """`key` without diacritics: "Đăk Nông" finds "Đắk Nông"."""
    return "".join(_syllable_folded(s) for s in _NON_KEY.split(name.lower()) if s)


# Names share a few thousand syllables: normalizing each once keeps loading the ~14,000 units fast.
@functools.lru_cache(maxsize=8192)
def _syllable_key(syllable: str) -> str:
    return normalize_tones(syllable)


@functools.lru_cache(maxsize=8192)
def _syllable_folded(syllable: str) -> str:
    return fold(syllable)


def _dataset() -> Path | None:
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "dataset.db"
    return path if path.is_file() else None


def _rows(sql: str, path: Path) -> list[tuple[str | None, ...]]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        return list(conn.execute(sql))


def _kind(full: str | None, short: str | None) -> str | None:
    # "Thành phố Tân Uyên" / "Tân Uyên" → "thành phố"
    if not full or not short or not full.endswith(short):
        return None
    return full[: -len(short)].strip().lower() or None


@functools.cache
def _indexes() -> tuple[dict[str, tuple[Place, ...]], dict[str, tuple[Place, ...]]]:
    path = _dataset()
    if path is None:
        log.warning("vietnamadminunits is not installed: place names are not recognised")
        return {}, {}
    places: set[Place] = set()
    for full, short in _rows("SELECT DISTINCT province, provinceShort FROM admin_units_legacy "
                             "UNION SELECT DISTINCT province, provinceShort FROM admin_units", path):  # fmt: skip
        if kind := _kind(full, short):
            places.add(Place(kind, short or "", "tinh"))
    for name, kind, _ in HISTORICAL_PROVINCES:
        places.add(Place(kind, name, "tinh"))
    for province, full, short in _rows(
        "SELECT DISTINCT provinceShort, district, districtShort FROM admin_units_legacy", path
    ):
        if kind := _kind(full, short):
            places.add(Place(kind, short or "", "huyen", province))
    for province, district, full, kind_ in _rows(
        "SELECT DISTINCT provinceShort, districtShort, ward, wardType FROM admin_units_legacy "
        "UNION SELECT DISTINCT provinceShort, NULL, ward, wardType FROM admin_units",
        path,
    ):
        if full and kind_ and full.lower().startswith(kind_.lower()):
            name = full[len(kind_) :].strip()
            places.add(Place(kind_.lower(), name, "xa", province, district))
    exact: dict[str, list[Place]] = {}
    folded: dict[str, list[Place]] = {}
    for place in places:
        exact.setdefault(key(place.name), []).append(place)
        folded.setdefault(folded_key(place.name), []).append(place)
    return (
        {k: tuple(sorted(v, key=_order)) for k, v in exact.items()},
        {k: tuple(sorted(v, key=_order)) for k, v in folded.items()},
    )


def _order(place: Place) -> tuple[int, str, str]:
    return ({"tinh": 0, "huyen": 1, "xa": 2}[place.level], place.province or "", place.kind)


def lookup(
    name: str,
    kind: str | None = None,
    province: str | None = None,
    unique: bool = False,
    as_written: bool = True,
) -> Place | None:
    """The unit called `name`, of `kind` if given ("huyện"; kinds of one tier stand in for each
    other, since towns became cities and districts became towns), preferring one in `province`.
    The unit found carries `kind` when the document wrote it (`as_written`); when `kind` only
    names the tier, it keeps its own ("Hà Nội" of tier "tỉnh" is "thành phố Hà Nội").

    None when no unit of that tier has that name, or, with `unique`, when several units of the
    highest tier that has it do (there are dozens of communes called "Quảng Phú").
    """
    exact, folded = _indexes()
    candidates = _of_kind(exact.get(key(name), ()), kind)
    if not candidates:
        # Spelling variants ("Đăk Nông", "Đắc Lắc") are only forgiven for provinces: further
        # down, names that differ by a tone mark are different places ("Tân Thành", "Tân Thạnh").
        candidates = tuple(
            c for c in _of_kind(folded.get(folded_key(name), ()), kind) if c.level == "tinh"
        )
    if not candidates:
        return None
    if province:
        pkey = key(province)
        local = [c for c in candidates if c.level == "tinh" and key(c.name) == pkey]
        local += [c for c in candidates if c.province and key(c.province) == pkey]
        if local:
            candidates = tuple(local)
    if unique:
        top = [c for c in candidates if c.level == candidates[0].level]
        if len({(c.name, c.province, c.district) for c in top}) > 1:
            return None
    exact_kind = [c for c in candidates if kind is None or c.kind == kind.lower()]
    best = exact_kind[0] if exact_kind else candidates[0]
    if kind and as_written and best.kind != kind.lower():
        # keep the kind the document wrote: "thị xã Tân Uyên" in 2021 is today's city
        best = Place(kind.lower(), best.name, best.level, best.province, best.district)
    return best


def _of_kind(candidates: tuple[Place, ...], kind: str | None) -> tuple[Place, ...]:
    if kind:
        kind = kind.lower()
        level = KIND_LEVEL.get(kind)
        if kind == "thành phố":
            candidates = tuple(
                c
                for c in candidates
                if (c.level == "tinh" and c.kind == kind) or c.level == "huyen"
            )
        elif level:
            candidates = tuple(c for c in candidates if c.level == level)
    return candidates


def level_of(kind: str, name: str) -> str:
    """The tier of "<kind> <name>": "thành phố Hà Nội" → tinh, "thành phố Thuận An" → huyen."""
    kind = kind.lower()
    if kind == "thành phố":
        return "tinh" if name in _CENTRAL_CITIES else "huyen"
    return KIND_LEVEL.get(kind, "xa")


def is_central_city(name: str) -> bool:
    return name in _CENTRAL_CITIES


def provinces() -> Iterable[Place]:
    """Every province-level unit, old and new."""
    seen: set[Place] = set()
    for places in _indexes()[0].values():
        for place in places:
            if place.level == "tinh" and place not in seen:
                seen.add(place)
                yield place


def units(level: str) -> Iterable[Place]:
    """Every unit of one tier (tinh | huyen | xa), old and new."""
    seen: set[Place] = set()
    for places in _indexes()[0].values():
        for place in places:
            if place.level == level and place not in seen:
                seen.add(place)
                yield place
