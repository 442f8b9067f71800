"""Property tests: no query string breaks the parser or a backend, and parsing is faithful."""

from __future__ import annotations

import pytest
from factories import make_doc
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.records import SearchQuery
from index.base import Index
from index.query import ALL_WORDS_UP_TO, MAX_QUERY_CHARS, minimum_should_match, parse, plan
from nlp.normalize import nfc

# Every kind of character a user or an attacker may type: other scripts, controls, surrogates
# excluded (they cannot be encoded), Tantivy/Lucene syntax.
QUERY_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300) | st.lists(
    st.sampled_from(['"', "-", "OR", "AND", "(", ")", ":", "*", "~", "^", "\\", "hội", "dan", " "]),
    max_size=30,
).map("".join)


@given(QUERY_TEXT)
def test_parse_never_raises_and_keeps_no_empty_clause(text: str) -> None:
    parsed = parse(text)
    for part in parsed.parts:
        assert part and all(c.text for c in part)
    assert all(c.text for c in parsed.excluded)
    plan(text)  # and planning it never raises either


@given(
    st.lists(
        st.from_regex(r"[a-zà-ỹđ]{1,8}", fullmatch=True).filter(str.isalpha), min_size=1, max_size=8
    )
)
def test_plain_words_become_one_group_of_optional_clauses(words: list[str]) -> None:
    words = [w for w in words if w != "OR"]
    parsed = parse(" ".join(words))
    # The parser sees NFC text, as everything in hoso does.
    assert [[c.text for c in p] for p in parsed.parts] == [[nfc(w) for w in words]]
    assert not any(c.required or c.phrase for c in parsed.clauses)


@given(
    st.lists(
        st.from_regex(r"[a-zà-ỹđ]{1,8}", fullmatch=True).filter(str.isalpha), min_size=1, max_size=8
    )
)
def test_or_splits_the_query_into_groups(words: list[str]) -> None:
    words = [w for w in words if w != "OR"]
    parsed = parse(" OR ".join(" ".join(words[i : i + 2]) for i in range(0, len(words), 2)))
    assert [[c.text for c in p] for p in parsed.parts] == [
        [nfc(w) for w in words[i : i + 2]] for i in range(0, len(words), 2)
    ]


@given(st.integers(1, 60))
def test_a_longer_query_needs_a_third_of_its_words(count: int) -> None:
    needed = minimum_should_match(count)
    if count <= ALL_WORDS_UP_TO:
        assert needed == count
    else:
        assert ALL_WORDS_UP_TO <= needed <= max(ALL_WORDS_UP_TO, -(-count // 3))


def test_coordination_only_where_matches_can_differ_in_words() -> None:
    # Three words: every match holds all of them, so counting them would rank nothing.
    assert not plan("giám sát Krông").parts[0].coordinates
    assert plan("chương trình giám sát nông thôn mới").parts[0].coordinates
    relaxed = plan("giám sát Krông").relaxed()
    assert relaxed is not None and relaxed.parts[0].coordinates


def test_overlong_queries_are_cut_not_refused() -> None:
    parsed = parse("hội " * 5000)
    assert 0 < len(parsed.clauses) <= MAX_QUERY_CHARS


@pytest.fixture
def populated(index: Index) -> Index:
    texts = [
        "Hội đồng nhân dân tỉnh ban hành chương trình giám sát (248/273, đạt 90,8%).",
        'Thông báo kết luận phiên họp giải trình: "dự thảo" -- OR AND * ~ ^ ( ) :',
        "Ủy ban nhân dân xã Quảng Hoà; thuỷ lợi; 12/2019/NQ-HĐND.",
    ]
    index.put_documents([make_doc(t, title=t[:20]) for t in texts])
    return index


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=QUERY_TEXT, limit=st.integers(0, 50), offset=st.integers(0, 100))
def test_backends_answer_any_query(populated: Index, text: str, limit: int, offset: int) -> None:
    result = populated.search(SearchQuery(text=text, limit=limit, offset=offset))
    assert result.total >= 0 and len(result.hits) <= limit
