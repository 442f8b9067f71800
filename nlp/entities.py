"""Canonical issuers: one council under one name despite OCR damage and spelling variants.

A letterhead read by OCR names the same council many ways ("HĐND tỉnh Đắk Nông", "HĐND tỉnh
Đăk Nông", "HĐNĐ tỉnh Đắc Nông", "Hội đồng nhân đân tỉnh Đắk Nông") and sometimes reads noise
as a body ("Xv80 thành phố Cần Thơ"). `resolve_issuer` splits an issuer into its body ("HĐND",
"Thường trực HĐND", "Sở Tài chính") and its place ("tỉnh Đắk Nông"), matches each fuzzily
(rapidfuzz, on diacritic-free text) against the known body names and the gazetteer of
`nlp.places`, and gives the canonical name with a confidence: the lower of the two scores.
Below `MIN_CONFIDENCE` the string is not an issuer at all.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from nlp import places
from nlp.bodies import CENTRAL, COMMITTEES, DEPARTMENTS
from nlp.normalize import fold, normalize_tones

# Below this (0–100) a string is junk, not an issuer; "Xv80" against "HĐND" scores 25, an OCR
# slip such as "HĐNĐ" or "Hội đồng nhân đân" scores above 90.
MIN_CONFIDENCE = 85.0
# A lower-tier place the gazetteer does not know by that exact spelling: kept as written (tone
# marks tell communes apart, so they are not matched fuzzily) with this confidence.
UNKNOWN_PLACE_CONFIDENCE = 90.0

_KINDS = sorted(places.KIND_LEVEL, key=len, reverse=True)
_KIND_AT = re.compile(r"(?<!\w)(" + "|".join(_KINDS) + r"|tp\.?)\s+(?=\w)", re.IGNORECASE)
_NON_WORD = re.compile(r"[^a-z0-9]+")
# The national motto read into a letterhead's left column by OCR ("UBND cộng hòa xã họi chủ
# nghĩa việt nam huyện Krông Nô"), folded; any one of its words may be damaged.
_MOTTO = re.compile(r"\bcong hoa xa \w+ chu nghia viet nam\b")
_PARTY = ("Tỉnh ủy", "Thành ủy", "Huyện ủy")
# A council or committee named without its place ("Ủy ban nhân dân" on a scan whose second
# letterhead line was lost) could be any of thousands.
UNNAMED_PLACE_CONFIDENCE = 50.0


@dataclass(frozen=True)
class Resolved:
    """An issuer under its canonical name, with how sure the match is (0–100)."""

    name: str
    confidence: float


def _heads() -> dict[str, str]:
    """Ways of writing a body (folded) → its canonical short form."""
    canonical = ["HĐND", "UBND", "Thường trực HĐND", "Văn phòng HĐND", "Văn phòng UBND",
                 "Văn phòng HĐND và UBND", "Đoàn giám sát HĐND", "Tòa án nhân dân",
                 "Viện kiểm sát nhân dân", "Thanh tra", "Công an", "Ban Dân tộc",
                 "Văn phòng Đoàn ĐBQH và HĐND", "Đoàn ĐBQH", "Ủy ban MTTQ Việt Nam",
                 "Ban Thường vụ Tỉnh ủy", "Ban Thường vụ Thành ủy", "Ban Thường vụ Huyện ủy",
                 *_PARTY, *(f"Ban {c} HĐND" for c in COMMITTEES),
                 *(f"Sở {d}" for d in DEPARTMENTS), *CENTRAL]  # fmt: skip
    long = {"HĐND": "Hội đồng nhân dân", "UBND": "Ủy ban nhân dân", "MTTQ": "Mặt trận Tổ quốc"}
    forms: dict[str, str] = {}
    for name in canonical:
        spelled = name
        for short, full in long.items():
            spelled = spelled.replace(short, full)
        for form in (name, spelled):
            forms[_folded(form)] = name
    for name, writings in CENTRAL.items():
        for form in writings:
            forms[_folded(form)] = name
    return forms


def _folded(text: str) -> str:
    folded = _NON_WORD.sub(" ", fold(normalize_tones(text.replace("&", " và "))))
    return " ".join(_MOTTO.sub(" ", folded).split())


@functools.cache
def _head_forms() -> dict[str, str]:
    return _heads()


@functools.cache
def _unit_names(level: str) -> dict[str, tuple[places.Place, ...]]:
    """Folded name → the units of one tier called that."""
    names: dict[str, list[places.Place]] = {}
    for place in places.units(level):
        names.setdefault(_folded(place.name), []).append(place)
    return {k: tuple(v) for k, v in names.items()}


@functools.cache
def _local() -> frozenset[str]:
    return frozenset(set(_head_forms().values()) - set(CENTRAL) - {"Chính phủ", "Quốc hội"})


def _match_head(head: str) -> tuple[str, float] | None:
    found = process.extractOne(_folded(head), list(_head_forms()), scorer=fuzz.ratio)
    if found is None:
        return None
    form, score, _ = found
    return _head_forms()[form], float(score)


def _match_place(kind: str, name: str) -> tuple[str, float] | None:
    kind = "thành phố" if kind.lower().rstrip(".") == "tp" else kind.lower()
    name = " ".join(name.split()).strip(" .,;:-")
    if not name:
        return None
    if (place := places.lookup(name, kind)) is not None:
        return place.label, 100.0
    level = places.level_of(kind, name.title())
    if level == "tinh" or kind == "tỉnh":
        provinces = _unit_names("tinh")
        found = process.extractOne(_folded(name), list(provinces), scorer=fuzz.ratio)
        if found is not None:
            province = provinces[found[0]][0]
            return f"{province.kind if kind == 'tỉnh' else kind} {province.name}", float(found[1])
        return None
    if level == "huyen":
        # "Đắk R°láp" is "Đắk R'Lấp": districts are few enough that one close name is the one.
        districts = _unit_names("huyen")
        found = process.extractOne(_folded(name), list(districts), scorer=fuzz.ratio)
        if found is not None and found[1] >= MIN_CONFIDENCE and len(districts[found[0]]) == 1:
            return f"{kind} {districts[found[0]][0].name}", float(found[1])
    if not any(c.isalpha() for c in name):
        return None
    written = " ".join(w[:1].upper() + w[1:].lower() for w in name.split())
    return f"{kind} {written}", UNKNOWN_PLACE_CONFIDENCE


def resolve_issuer(raw: str | None, locality: places.Place | None = None) -> Resolved | None:
    """The canonical form of an issuer as a letterhead gave it, or None when it is not one.
    A local body written without its place ("Ủy ban nhân dân") takes `locality`, the document's
    own unit; with none, it names no one council and is not an issuer.

    "HĐNĐ tỉnh Đăk Nông" → Resolved("HĐND tỉnh Đắk Nông", 94.7);
    "Xv80 thành phố Cần Thơ" → None (no body is called anything like "Xv80").
    """
    if not raw or not raw.strip():
        return None
    text = " ".join(normalize_tones(raw).split())
    kind_at = None
    for m in _KIND_AT.finditer(text):
        if m.start() > 0:
            kind_at = m
    head, place_part = (text[: kind_at.start()], text[kind_at.start() :]) if kind_at else (text, "")
    if not kind_at:
        # "Tỉnh ủy Đắk Nông": the party committee carries its place without a kind word.
        for party in _PARTY:
            if _folded(text).startswith(_folded(party) + " ") and len(text.split()) > 2:
                kind = {"Tỉnh ủy": "tỉnh", "Thành ủy": "thành phố", "Huyện ủy": "huyện"}[party]
                head, place_part = party, f"{kind} {text.split(maxsplit=2)[2]}"
    matched = _match_head(head)
    if matched is None:
        return None
    name, confidence = matched
    if not place_part and name in _local() and locality is not None:
        place_part = locality.label
    elif not place_part and name in _local():
        confidence = min(confidence, UNNAMED_PLACE_CONFIDENCE)
    if place_part:
        kind_match = _KIND_AT.match(place_part)
        assert kind_match is not None
        place = _match_place(kind_match[1], place_part[kind_match.end() :])
        if place is None:
            return None
        label, place_score = place
        confidence = min(confidence, place_score)
        if name in _PARTY:
            name = f"{name} {label.split(' ', 1 + label.startswith('thành phố'))[-1]}"
        else:
            name = f"{name} {label}"
    if confidence < MIN_CONFIDENCE:
        return None
    return Resolved(name, round(confidence, 1))
