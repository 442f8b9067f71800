"""The query language every backend understands, and the ranking plan both translate.

    hội đồng nhân dân          ranked: documents with every word first, then those with most
    "chương trình giám sát"    a phrase: the syllables in this order (required)
    +Krông  giám sát           `+word`: this word is required
    -"dự thảo"  -nháp          exclusion of a phrase or a word (strict)
    Krông Nô OR Đắk R'lấp      either side: `OR` splits the query into groups, any may match

Anything else is literal text: no character is special except the double quote, a leading `-`
or `+` and the word `OR`, so no query string can be a syntax error. Unbalanced quotes close at
the end.

`plan` turns a parsed query into a `Plan`: what must match, which of the words should (a
minimum that grows with the query's length), and what ranks higher (the query's syllables next
to each other or forming one underthesea word, a run of capitalised syllables as a name, the
words in the title or in the type, issuer and number; where the words stand is a second stage,
over the first stage's top RESCORE_WINDOW documents only). Vietnamese function words (của, và,
các…) never decide a match; abbreviations and their full forms find each other ("HĐND" ↔ "Hội
đồng nhân dân"). The embedded backend (`index.tantivy`) and Elasticsearch (`index.elasticsearch`)
translate the same plan with the same weights (`WEIGHTS`).
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import functools
import itertools
import math
import re
from dataclasses import dataclass, field
from typing import TypeVar

from core.errors import UsageError
from core.records import Document, Explanation
from nlp.normalize import fold, has_diacritics, nfc, normalize_tones

MAX_QUERY_CHARS = 2000
T = TypeVar("T")
_TOKEN = re.compile(r'([-+]?)"([^"]*)"?|(\S+)')
_SYLLABLE = re.compile(r"[^\W_]+")
_NUMBER = re.compile(r"\d+\s*/\s*[\w/.-]*\w")
_DIGITS = re.compile(r"\d+")

# Words that carry the grammar of a sentence, not its subject: a query's function words never
# decide whether a document matches (a pasted sentence or a question would find nothing, or
# everything), but they stay in its phrases ("Luật Tổ chức chính quyền địa phương").
_FUNCTION_WORDS = """
    của và các những được theo về trong có là cho với để từ đến tại này đó khi thì mà nào gì
    một không đã sẽ đang bị do vì nên hay hoặc như cũng trên ra vào lại đều nếu thế sau trước
    số việc ai bao nhiêu phải rằng hơn rất còn cả mỗi
"""
FUNCTION_WORDS = frozenset(_FUNCTION_WORDS.split())
_FOLDED_FUNCTION_WORDS = frozenset(fold(w) for w in FUNCTION_WORDS)


@dataclass(frozen=True)
class Weights:
    """The ranking constants of both backends. BM25 scores are multiplied by the first five;
    the others are constant scores, the same in every engine (their BM25 magnitudes differ:
    Tantivy's are about twice Lucene's), which keeps the two backends' rankings alike. Tuned on
    ALQAC 2023's train.json and the judged council queries' tuning split only."""

    title: float = 2.0
    body: float = 1.0
    # A syllable typed with its diacritics, found with them ("bán" before "bàn"), × the field's.
    exact: float = 3.0
    # Adjacent query syllables that form one underthesea word in the document.
    words: float = 0.5
    # A run of 2 to ADJACENT_UP_TO adjacent query syllables found as such in the document, × its
    # BM25 score in the body.
    adjacent: float = 1.0
    # Each optional word a document holds (coordination: more of the words, higher).
    coordination: float = 1.0
    # A run of query words held together (a sloppy phrase of PHRASE_SLOP) in the title, body or
    # type/issuer/number, and a run of capitalised syllables (a person, a place) held as a name.
    phrase: float = 50.0
    name: float = 100.0
    # A constant for a word found in the document's type, issuer or number (`meta_values`), and
    # a large one for a number found there: the query names the document's own number
    # ("335/2025/NĐ-CP", "tờ trình 3367", "số 12"), not a document citing it.
    meta: float = 2.0
    number: float = 300.0
    # A constant for holding every word of a group of up to ALL_WORDS_FIRST_UP_TO words (a
    # keyword query): such documents rank above all others. Longer queries (pasted sentences,
    # questions) rank by their words' scores alone, which measured better.
    all_words: float = 1000.0


WEIGHTS = Weights()
# What a search answers with, on both backends: snippets of this many characters, and the
# counts of these facets (their most frequent FACET_SIZE values each).
SNIPPET_CHARS = 240
FACET_FIELDS = ("doc_type", "format", "year", "issuer", "bodies", "session", "term", "people")
FACET_SIZE = 100
PHRASE_SLOP = 2
MAX_PHRASE_SYLLABLES = 12
MAX_NGRAM = 4
ADJACENT_UP_TO = 5
MAX_BOOSTS = 256
# Up to this many words, a document needs all of them (unless no document has them all); longer
# queries need this share of their words, rounded up (and at least ALL_WORDS_UP_TO). Half of them
# dropped the article of ALQAC statements that share few of its words ("Nhà giáo có vai trò nào
# sau đây? Trả lời: …" holds 6 of its 17 words in its article); the words' scores rank the rest.
ALL_WORDS_UP_TO = 3
LONG_QUERY_SHARE = 0.3
ALL_WORDS_FIRST_UP_TO = 8
# Two stages: the documents match and rank by their words' scores (BM25, coordination, diacritics,
# underthesea words, type/issuer/number, every word); only the first RESCORE_WINDOW of them (at
# least the page asked for) are then rescored by where the words stand (adjacent syllables,
# phrases, names), which needs their positions. A phrase costs a position check in every
# document holding its words (most of an archive for "hội đồng nhân dân"), and a constant boost
# for a common name ("Việt Nam") lifted documents that hold few of a long query's words above
# those holding many.
RESCORE_WINDOW = 50
# "More like this": a document's most distinctive syllables (by tf-idf) as one query.
SIMILAR_TERMS = 25


@dataclass(frozen=True)
class Clause:
    text: str
    phrase: bool = False
    required: bool = False


@dataclass
class ParsedQuery:
    """`parts` are the groups `OR` separates (a document matches one of them), each a list of
    clauses in the order typed; `excluded` must not match."""

    parts: list[list[Clause]] = field(default_factory=list)
    excluded: list[Clause] = field(default_factory=list)

    @property
    def clauses(self) -> list[Clause]:
        return [c for part in self.parts for c in part]

    @property
    def is_empty(self) -> bool:
        return not self.parts and not self.excluded


def parse(text: str) -> ParsedQuery:
    """Parse a query string; never raises."""
    query = ParsedQuery()
    current: list[Clause] = []
    for m in _TOKEN.finditer(nfc(text)[:MAX_QUERY_CHARS]):
        sign, quoted, bare = m.group(1), m.group(2), m.group(3)
        if bare is not None:
            if bare == "OR":
                if current:
                    query.parts.append(current)
                current = []
                continue
            sign = bare[0] if bare[0] in "-+" and len(bare) > 1 else ""
            clause = Clause(bare[1:] if sign else bare, required=sign == "+")
        else:
            clause = Clause(quoted.strip(), phrase=True, required=True)
        if not clause.text:
            continue
        if sign == "-":
            query.excluded.append(Clause(clause.text, phrase=clause.phrase))
        else:
            current.append(clause)
    if current:
        query.parts.append(current)
    return query


def syllables(text: str) -> list[str]:
    """The syllables (runs of letters or digits) of a text, as written."""
    return _SYLLABLE.findall(text)


def is_function_word(word: str) -> bool:
    """True for a Vietnamese function word (typed with or without its diacritics)."""
    lower = normalize_tones(word).lower()
    if lower in FUNCTION_WORDS:
        return True
    return not has_diacritics(lower) and lower in _FOLDED_FUNCTION_WORDS


@dataclass(frozen=True)
class Term:
    """What one word, abbreviation or phrase of a query matches: its syllables in this order
    (one tone-mark convention) or any of its other spellings ("HĐND" / "hội đồng nhân dân")."""

    text: str
    alternatives: tuple[str, ...] = ()
    # A document number ("12/2019/NQ-HĐND", "12/2019"; "12" after "số" or a document type).
    number: bool = False
    # Words typed apart that the term joined (a full form, "hội đồng nhân dân"): the term also
    # matches where each of them occurs, as they would have alone.
    words: tuple[str, ...] = ()

    @property
    def spellings(self) -> tuple[str, ...]:
        return (self.text, *self.alternatives)

    @property
    def meta_weight(self) -> float:
        """The constant for finding this term in the type, issuer or number."""
        return WEIGHTS.number if self.number else WEIGHTS.meta


@dataclass
class Part:
    """One group of a query: documents match it when they hold every `required` term and at least
    `minimum` of the `optional` ones."""

    required: list[Term] = field(default_factory=list)
    optional: list[Term] = field(default_factory=list)
    minimum: int = 0

    @property
    def coordinates(self) -> bool:
        """Whether documents holding more of the optional words get more (`WEIGHTS.coordination`):
        not when every match holds them all, where it would cost a pass over the matches and add
        the same to each."""
        return self.minimum < len(self.optional)

    @property
    def ranks_all_words_first(self) -> bool:
        """Whether documents with every optional word get `WEIGHTS.all_words`: a keyword query
        that asks for fewer than all its words."""
        return not self.required and self.minimum < len(self.optional) <= ALL_WORDS_FIRST_UP_TO


@dataclass
class Plan:
    """A query as both backends search it. `parts`: a document matches one of them; `excluded`:
    it matches none. The rest only ranks (optional clauses, weights in `WEIGHTS`)."""

    parts: list[Part] = field(default_factory=list)
    excluded: list[Term] = field(default_factory=list)
    # Syllables typed with diacritics, boosted where found with them.
    exact: list[str] = field(default_factory=list)
    # Runs of 2 to ADJACENT_UP_TO adjacent syllables of a long query ("giám sát", "Bộ Y tế").
    adjacent: list[str] = field(default_factory=list)
    # Runs of query words, found together with a slop of PHRASE_SLOP (a rescore, like `adjacent`
    # and `names`: see RESCORE_WINDOW).
    phrases: list[str] = field(default_factory=list)
    # Runs of capitalised syllables: a person's or a place's name.
    names: list[str] = field(default_factory=list)
    # Adjacent syllables joined as one underthesea word, folded ("hoi_dong").
    words: list[str] = field(default_factory=list)

    @property
    def rescores(self) -> bool:
        """Whether the plan has ranking clauses for the second stage (RESCORE_WINDOW)."""
        return bool(self.adjacent or self.phrases or self.names)

    def rescore_window(self, offset: int, limit: int) -> int:
        """How many of the first stage's documents the second stage rescores: RESCORE_WINDOW,
        or the whole page asked for when it reaches further."""
        return max(RESCORE_WINDOW, offset + limit)

    @property
    def terms(self) -> list[Term]:
        """Every term that can decide a match."""
        return [t for p in self.parts for t in (*p.required, *p.optional)]

    def relaxed(self) -> Plan | None:
        """The plan asking for one optional word per group instead of more (the second pass of a
        search that found nothing); None when there is nothing to relax."""
        if not any(p.minimum > 1 for p in self.parts):
            return None
        parts = [dataclasses.replace(p, minimum=min(p.minimum, 1)) for p in self.parts]
        return dataclasses.replace(self, parts=parts)


def minimum_should_match(count: int) -> int:
    """How many of a group's `count` optional words a document needs."""
    if count <= ALL_WORDS_UP_TO:
        return count
    return max(ALL_WORDS_UP_TO, math.ceil(count * LONG_QUERY_SHARE))


def plan(text: str, all_words: bool = False) -> Plan:
    """The plan of a query string (`all_words`: every word is required, like `+word`)."""
    parsed = parse(text)
    result = Plan(excluded=[Term(normalize_tones(c.text)) for c in parsed.excluded])
    for clauses in parsed.parts:
        part = _plan_part(result, clauses, all_words)
        if part.required or part.optional:
            result.parts.append(part)
    result.exact = _unique(result.exact)
    result.adjacent = _unique(result.adjacent)[:MAX_BOOSTS]
    result.phrases = _unique(result.phrases)[:MAX_BOOSTS]
    result.names = _unique(result.names)
    result.words = _unique(result.words)[:MAX_BOOSTS]
    return result


def _terms(clauses: list[Clause]) -> list[tuple[Term, list[Clause]]]:
    """The terms of a group's clauses in order, each with the clauses it was made of: a quoted
    phrase is one term, and so is the longest run of words that is an abbreviation or a full
    form ("hội đồng nhân dân" → also "HĐND"; "NQ" → also "nghị quyết")."""
    from nlp.abbreviations import expansions, longest_full_form

    terms = []
    i = 0
    while i < len(clauses):
        if clauses[i].phrase:
            terms.append((Term(normalize_tones(clauses[i].text)), clauses[i : i + 1]))
            i += 1
            continue
        taken, alternatives = 1, expansions(clauses[i].text)
        for n in range(min(longest_full_form(), len(clauses) - i), 1, -1):
            run = clauses[i : i + n]
            if not any(c.phrase for c in run) and (found := expansions(_joined(run))):
                taken, alternatives = n, found
                break
        run = clauses[i : i + taken]
        text = normalize_tones(_joined(run))
        after = terms[-1][0] if terms else None
        number = bool(_NUMBER.fullmatch(text)) or (
            bool(_DIGITS.fullmatch(text))
            and after is not None
            and (bool(after.alternatives) or after.text.lower() in ("số", "so"))
        )
        words = tuple(normalize_tones(c.text) for c in run) if taken > 1 else ()
        terms.append((Term(text, tuple(alternatives), number, words), run))
        i += taken
    return terms


def _joined(clauses: list[Clause]) -> str:
    return " ".join(c.text for c in clauses)


def _plan_part(result: Plan, clauses: list[Clause], all_words: bool) -> Part:
    """One group's part of the plan; adds its ranking clauses to `result`."""
    part = Part()
    weak: list[Term] = []  # function words
    run: list[str] = []  # the current run of unquoted words
    for term, made_of in _terms(clauses):
        words = syllables(term.text)
        if made_of[0].phrase:
            _rank_run(result, run)
            run = []
            part.required.append(term)
        else:
            run.append(term.text)
            if not words:
                continue
            if len(words) == 1 and not term.alternatives and is_function_word(words[0]):
                weak.append(term)
                continue
            if all_words or any(c.required for c in made_of):
                part.required.append(term)
            else:
                part.optional.append(term)
        result.exact += [w for w in words if has_diacritics(w)]
    _rank_run(result, run)
    if not part.required and not part.optional:
        part.optional = weak  # a query of function words only still searches them
    # With a required word, the others only rank (as in `+Krông giám sát`).
    part.minimum = 0 if part.required else minimum_should_match(len(part.optional))
    return part


def _rank_run(result: Plan, words: list[str]) -> None:
    """The ranking clauses of a run of unquoted words: adjacent syllables, phrases, names, word
    n-grams."""
    run = [s for w in words for s in syllables(w)]
    if 2 < len(run) <= MAX_PHRASE_SYLLABLES:
        result.phrases.append(" ".join(run))
    else:
        # A long run (a pasted sentence) is rarely found whole: its shorter runs are, and the
        # longer the run an article shares, the likelier it is the one asked about ("Trách
        # nhiệm của Bộ Y tế trong việc phòng, chống ma túy là gì? …" and the article "Trách
        # nhiệm của Bộ Y tế", among fifty on drugs and responsibilities).
        for n in range(2, ADJACENT_UP_TO + 1):
            for i in range(len(run) - n + 1):
                result.adjacent.append(" ".join(run[i : i + n]))
    name: list[str] = []
    for s in [*run, ""]:
        if s[:1].isupper() and not s.isupper():
            name.append(s)
            continue
        if len(name) > 1:
            result.names.append(" ".join(name))
        name = []
    folded = [fold(s) for s in run]
    for n in range(2, MAX_NGRAM + 1):
        for i in range(len(folded) - n + 1):
            result.words.append("_".join(folded[i : i + n]))


def _unique(items: list[T]) -> list[T]:
    return list(dict.fromkeys(items))


def meta_values(doc: Document) -> list[str]:
    """What a document's `meta` field holds: its type, its issuer as written, expanded and
    abbreviated, and its number ("12/2019/NQ-HĐND" is searched as "12 2019 nq hđnd")."""
    values = [doc.doc_type or "", *issuer_names(doc.issuer), doc.doc_number_normalized or ""]
    return [normalize_tones(v) for v in values if v]


def similar_text(doc: Document) -> str:
    """The text a "more like this" query is made from: the title, then the body."""
    return normalize_tones(f"{doc.title or ''}\n{doc.text}")


def stop_words() -> list[str]:
    """The function words, folded as the searched fields are: never a reason to be similar."""
    return sorted(_FOLDED_FUNCTION_WORDS)


def document_fields(doc: Document) -> dict[str, str]:
    """The fields `explain` looks in, by the names it reports."""
    return {
        "title": doc.title or "",
        "body": doc.text,
        "doc_type": doc.doc_type or "",
        "issuer": " ; ".join(issuer_names(doc.issuer)),
        "number": doc.doc_number_normalized or doc.doc_number or "",
    }


# -- why a document matches --------------------------------------------------------------------


def _folded_syllables(text: str) -> list[str]:
    return [fold(s) for s in syllables(normalize_tones(text))]


def _contains(haystack: list[str], needle: list[str]) -> bool:
    if not needle:
        return False
    n = len(needle)
    first = needle[0]
    return any(haystack[i : i + n] == needle for i, s in enumerate(haystack) if s == first)


def explain(query_plan: Plan, fields: dict[str, str]) -> Explanation:
    """Which of a plan's words, phrases and names a document's fields hold (case and diacritics
    ignored, as search matches), and where."""
    texts = {name: _folded_syllables(text) for name, text in fields.items() if text}
    matched: list[str] = []
    missing: list[str] = []
    where: dict[str, list[str]] = {}
    for term in _unique(query_plan.terms):
        found = False
        for name, haystack in texts.items():
            if any(_contains(haystack, _folded_syllables(s)) for s in term.spellings):
                where.setdefault(name, []).append(term.text)
                found = True
        if not found and term.words:
            everywhere = {s for h in texts.values() for s in h}
            found = all(set(_folded_syllables(w)) <= everywhere for w in term.words)
        (matched if found else missing).append(term.text)
    # The names and runs the plan ranks by, and the adjacent pairs of query syllables (what a
    # sloppy phrase rewards when the whole run is not there).
    pairs = [f"{a} {b}" for p in query_plan.phrases for a, b in itertools.pairwise(syllables(p))]
    phrases = [
        p
        for p in _unique([*query_plan.names, *query_plan.phrases, *query_plan.adjacent, *pairs])
        if any(_contains(h, _folded_syllables(p)) for h in texts.values())
    ]
    return Explanation(words=matched, missing=missing, phrases=phrases, fields=where)


def _bound(value: str, last: bool) -> dt.date:
    parts = value.strip().split("-")
    if not 1 <= len(parts) <= 3 or not all(p.isdigit() for p in parts):
        raise UsageError(f"not a date: {value!r} (use YYYY, YYYY-MM or YYYY-MM-DD)")
    year = int(parts[0])
    month = int(parts[1]) if len(parts) > 1 else (12 if last else 1)
    try:
        if len(parts) == 3:
            return dt.date(year, month, int(parts[2]))
        day = calendar.monthrange(year, month)[1] if last else 1
        return dt.date(year, month, day)
    except ValueError as e:
        raise UsageError(f"not a date: {value!r} ({e})") from e


def date_range(date_from: str | None, date_to: str | None) -> tuple[dt.date | None, dt.date | None]:
    """The inclusive date range of a query's `date_from` / `date_to` (partial dates widen)."""
    start = _bound(date_from, last=False) if date_from else None
    end = _bound(date_to, last=True) if date_to else None
    return start, end


def date_key(value: str | dt.date | None) -> int | None:
    """A date as the integer YYYYMMDD (a partial issued date counts as its first day)."""
    if value is None:
        return None
    if isinstance(value, str):
        try:
            value = _bound(value, last=False)
        except UsageError:
            return None
    return value.year * 10000 + value.month * 100 + value.day


def issuer_names(issuer: str | None) -> list[str]:
    """The issuer (or a body) as written, with abbreviations expanded and abbreviated ("HĐND tỉnh
    Hà Giang" ⇄ "Hội đồng nhân dân tỉnh Hà Giang"), so a filter matches either spelling."""
    return list(_name_forms(issuer)) if issuer else []


# The same few hundred names recur across an archive's documents; reading one costs ~0.2 ms.
@functools.lru_cache(maxsize=4096)
def _name_forms(name: str) -> tuple[str, ...]:
    from nlp.bodies import abbreviate, find_bodies

    expanded = [b.name for b in find_bodies(name)]
    names = [name, *expanded, abbreviate(name), *map(abbreviate, expanded)]
    return tuple(dict.fromkeys(names))
