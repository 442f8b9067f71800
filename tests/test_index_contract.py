"""The backend contract: the same documents in, the same behaviours out, for every backend."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import pytest
from factories import (
    DEEP_BODY,
    DEEP_ISSUER,
    DEEP_SESSION,
    DEEP_TERM,
    deep_documents,
    entry,
    indexed_entry,
    make_doc,
)

from core.errors import UsageError
from core.records import Body, Document, FileStatus, SearchQuery, Sort
from index import query
from index.base import Index


def add(index: Index, *docs: Document) -> list[Document]:
    index.put_documents(list(docs))
    add_files(index, docs)
    return list(docs)


def add_files(index: Index, docs: Sequence[Document]) -> None:
    """A catalog entry (indexed) for each document."""
    index.put_files(indexed_entry(d) for d in docs)


def ids(index: Index, text: str, **filters: object) -> list[str]:
    """Ids of every hit of a search, best first."""
    result = index.search(SearchQuery(text=text, limit=50, **filters))  # type: ignore[arg-type]
    assert result.total == len(result.hits)
    return [h.id for h in result.hits]


@pytest.fixture
def council(index: Index) -> dict[str, Document]:
    """Five short real-style documents covering the behaviours below."""
    docs = {
        "nq": make_doc(
            "Hội đồng nhân dân tỉnh Hà Giang ban hành chương trình giám sát năm 2018.",
            title="Nghị quyết về chương trình giám sát",
            doc_type="Nghị quyết",
            issued_date="2017-12-08",
        ),
        "tb": make_doc(
            "Thường trực HĐND huyện Krông Nô thông báo kết luận phiên họp giải trình; "
            "giám sát chương trình nông thôn mới.",
            title="Thông báo kết luận",
            doc_type="Thông báo",
            issued_date="2019-06-07",
        ),
        "hoa": make_doc(
            "Ủy ban nhân dân xã Quảng Hoà và thuỷ lợi nội đồng.",
            title="Kế hoạch thuỷ lợi",
            doc_type="Kế hoạch",
            issued_date="2019-01-10",
            fmt="docx",
        ),
        "ban": make_doc("Giá bán lẻ điện sinh hoạt được điều chỉnh.", title="Giá điện"),
        "ban2": make_doc("Bàn giao hồ sơ lưu trữ cho Văn phòng.", title="Biên bản bàn giao"),
    }
    docs["nq"] = dataclasses.replace(
        docs["nq"],
        doc_number="94/NQ-HĐND",
        doc_number_normalized="94/NQ-HĐND",
        issuer="Hội đồng nhân dân tỉnh Hà Giang",
        bodies=[Body("Hội đồng nhân dân tỉnh Hà Giang"), Body("Ủy ban nhân dân tỉnh Hà Giang")],
        session="kỳ họp thứ 10, khóa XVII",
        term="2016-2021",
    )
    docs["tb"] = dataclasses.replace(
        docs["tb"],
        doc_number_normalized="11/TB-HĐND",
        issuer="Thường trực Hội đồng nhân dân huyện Krông Nô",
        bodies=[Body("Thường trực Hội đồng nhân dân huyện Krông Nô")],
        session="kỳ họp thứ 1, khóa XII",
        term="2021-2026",
    )
    docs["hoa"] = dataclasses.replace(
        docs["hoa"],
        issuer="Ủy ban nhân dân xã Quảng Hòa",
        bodies=[Body("Ủy ban nhân dân xã Quảng Hòa")],
        term="2021-2026",
    )
    add(index, *docs.values())
    return docs


def test_diacritic_free_query_finds_the_same_documents(index: Index, council: dict) -> None:
    with_marks = ids(index, "hội đồng nhân dân")
    without = ids(index, "hoi dong nhan dan")
    assert council["nq"].id in with_marks
    assert sorted(with_marks) == sorted(without)


def test_tone_mark_convention_is_folded(index: Index, council: dict) -> None:
    # The document writes "Hoà" and "thuỷ"; the query writes "Hòa" and "thủy" (and vice versa).
    assert ids(index, "Hòa") == [council["hoa"].id]
    assert ids(index, "thủy lợi") == [council["hoa"].id]
    assert ids(index, "Uỷ ban") == ids(index, "Ủy ban")


def test_exact_diacritics_rank_first(index: Index, council: dict) -> None:
    assert ids(index, "bán")[0] == council["ban"].id
    assert ids(index, "bàn")[0] == council["ban2"].id
    assert {council["ban"].id, council["ban2"].id} <= set(ids(index, "ban"))


def test_a_short_query_finds_the_documents_with_every_word(index: Index, council: dict) -> None:
    assert ids(index, "giám sát Krông") == [council["tb"].id]
    # A function word never decides a match.
    assert ids(index, "giám sát của Krông") == [council["tb"].id]


def test_documents_with_every_word_rank_first(index: Index, council: dict) -> None:
    # No document holds all four words: those with most of them come back, the best first.
    found = ids(index, "chương trình giám sát nông thôn")
    assert found[0] == council["tb"].id
    assert set(found) == {council["tb"].id, council["nq"].id}


def test_a_long_question_finds_the_document_it_asks_about(index: Index, council: dict) -> None:
    question = "Thường trực HĐND huyện Krông Nô đã kết luận gì tại phiên họp giải trình năm nay?"
    assert ids(index, question)[0] == council["tb"].id


def test_words_that_occur_somewhere_never_return_nothing(index: Index, council: dict) -> None:
    # Each word occurs, in different documents: the relaxed pass brings them back.
    assert set(ids(index, "Krông Quảng Giang")) == {
        council["tb"].id,
        council["hoa"].id,
        council["nq"].id,
    }


def test_plus_word_and_all_words_require_every_word(index: Index, council: dict) -> None:
    assert ids(index, "giám sát +Krông") == [council["tb"].id]
    assert ids(index, "+Giang giám sát") == [council["nq"].id]
    assert ids(index, "chương trình giám sát nông thôn", all_words=True) == [council["tb"].id]
    assert ids(index, "chương trình giám sát Giang nông thôn", all_words=True) == []
    assert ids(index, "giám sát Krông Nô", all_words=True) == [council["tb"].id]


def test_phrase_query_matches_the_order(index: Index, council: dict) -> None:
    assert set(ids(index, '"chương trình giám sát"')) == {council["nq"].id}
    assert set(ids(index, "chương trình giám sát")) == {council["nq"].id, council["tb"].id}
    assert set(ids(index, '"chuong trinh giam sat"')) == {council["nq"].id}


def test_exclusion_and_or(index: Index, council: dict) -> None:
    assert set(ids(index, "giám sát -Krông")) == {council["nq"].id}
    assert set(ids(index, "Krông OR Giang")) == {council["nq"].id, council["tb"].id}


def test_or_joins_the_groups_on_either_side(index: Index, council: dict) -> None:
    nq, tb, hoa = council["nq"].id, council["tb"].id, council["hoa"].id
    assert set(ids(index, "Krông Nô OR Hà Giang")) == {nq, tb}
    assert set(ids(index, 'Krông Nô OR Quảng Hoà OR "Hà Giang"')) == {nq, tb, hoa}
    # Each side keeps its own words: "Nô Giang" is no group.
    assert set(ids(index, "thuỷ lợi OR kết luận")) == {hoa, tb}


def test_abbreviations_and_full_forms_find_each_other(index: Index, council: dict) -> None:
    tb, hoa = council["tb"].id, council["hoa"].id
    # The document writes "Thường trực HĐND huyện Krông Nô".
    assert ids(index, "Hội đồng nhân dân huyện Krông Nô") == [tb]
    assert ids(index, "hoi dong nhan dan huyen Krong No") == [tb]
    # The document writes "Ủy ban nhân dân xã Quảng Hoà".
    assert ids(index, "UBND xã Quảng Hoà") == [hoa]
    assert ids(index, "ubnd xa Quang Hoa") == [hoa]


@pytest.mark.parametrize(
    "spelling", ["94/NQ-HĐND", "94 / NQ-HĐND", "NQ 94", "nghị quyết số 94", "so 94", "nq-hdnd 94"]
)
def test_document_numbers_in_any_spelling(index: Index, council: dict, spelling: str) -> None:
    assert ids(index, spelling)[0] == council["nq"].id


def test_a_name_ranks_where_it_occurs_as_that_name(index: Index) -> None:
    together = make_doc(
        "Đồng chí Nguyễn Ngọc Tuấn, Phó Chủ tịch HĐND tỉnh, phát biểu bế mạc kỳ họp.",
        title="Bế mạc kỳ họp",
    )
    apart = make_doc(
        "Ông Nguyễn Văn Ngọc báo cáo: sản lượng lúa đạt 12 nghìn tấn, tăng 3 nghìn tấn; "
        "Tuấn Giáo, Ngọc Lặc và Nguyễn Bỉnh Khiêm được nêu tên. Nguyễn Ngọc.",
        title="Báo cáo sản lượng",
    )
    add(index, together, apart)
    assert ids(index, "Nguyễn Ngọc Tuấn")[0] == together.id
    assert ids(index, "nguyen ngoc tuan")[0] == together.id


def test_the_named_place_ranks_above_a_namesake(index: Index) -> None:
    ha_noi = make_doc(
        "Hội đồng nhân dân thành phố Hà Nội quyết nghị dự toán ngân sách.",
        title="Nghị quyết về dự toán ngân sách thành phố",
    )
    ha_giang = make_doc(
        "Hội đồng nhân dân tỉnh Hà Giang quyết nghị dự toán ngân sách; "
        "các đơn vị nội bộ, thành phố Hà Giang và huyện Đồng Văn thực hiện.",
        title="Nghị quyết về dự toán ngân sách tỉnh",
    )
    add(index, ha_noi, ha_giang)
    assert ids(index, "hội đồng nhân dân thành phố Hà Nội")[0] == ha_noi.id


def test_positions_rank_only_the_first_stages_top_documents(
    index: Index, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The words' scores put `apart` first (each word twice, in a short text); the phrase, held
    # together only by `together`, lifts it above when both are in the rescored window.
    apart = make_doc(
        "Chương trình công tác năm nay. Kế hoạch giám sát thường xuyên. Chương trình hành "
        "động. Đoàn giám sát chuyên đề.",
        title="Kế hoạch công tác",
    )
    together = make_doc(
        "Hội đồng nhân dân tỉnh ban hành nghị quyết về chương trình giám sát năm 2018 của các "
        "cơ quan, tổ chức, đơn vị trên địa bàn tỉnh, để thực hiện trong năm.",
        title="Nghị quyết",
    )
    add(index, apart, together)

    def first() -> str:
        return index.search(SearchQuery(text="chương trình giám sát", limit=1)).hits[0].id

    assert first() == together.id
    monkeypatch.setattr(query, "RESCORE_WINDOW", 1)
    assert first() == apart.id


def test_pages_of_a_rescored_ranking_agree_with_the_whole(index: Index, council: dict) -> None:
    whole = ids(index, "giám sát chương trình")
    assert len(whole) > 1
    for offset in range(len(whole)):
        page = index.search(SearchQuery(text="giám sát chương trình", limit=1, offset=offset))
        assert [h.id for h in page.hits] == whole[offset : offset + 1]


def test_explain_says_which_words_phrases_and_fields_matched(index: Index, council: dict) -> None:
    result = index.search(SearchQuery(text="giám sát Krông Nô", explain=True))
    (hit,) = result.hits
    assert hit.explanation is not None
    assert hit.explanation.words == ["giám", "sát", "Krông", "Nô"]
    assert "Krông Nô" in hit.explanation.phrases
    assert hit.explanation.fields["body"] == ["giám", "sát", "Krông", "Nô"]
    assert hit.explanation.fields["issuer"] == ["Krông", "Nô"]
    assert "title" not in hit.explanation.fields
    assert index.search(SearchQuery(text="giám sát")).hits[0].explanation is None


def test_similar_documents_share_the_most_words(index: Index, council: dict) -> None:
    related = make_doc(
        "Thường trực HĐND huyện Krông Nô giám sát chương trình nông thôn mới và kết luận.",
        title="Báo cáo giám sát nông thôn mới",
    )
    add(index, related)
    result = index.similar(council["tb"].id, limit=3)
    assert result.hits[0].id == related.id
    assert council["tb"].id not in [h.id for h in result.hits]
    with pytest.raises(UsageError, match="no document"):
        index.similar("0" * 16)


def test_filters_and_facets(index: Index, council: dict) -> None:
    assert ids(index, "giám sát", doc_type="Thông báo") == [council["tb"].id]
    assert ids(index, "", format="docx") == [council["hoa"].id]
    assert set(ids(index, "", year=2019)) == {council["tb"].id, council["hoa"].id}
    facets = index.search(SearchQuery(text="")).facets
    assert facets["doc_type"] == {"Nghị quyết": 1, "Thông báo": 1, "Kế hoạch": 1}
    assert facets["year"] == {"2017": 1, "2019": 2}
    assert facets["format"] == {"text": 4, "docx": 1}


def test_fact_filters(index: Index, council: dict) -> None:
    nq, tb, hoa = council["nq"].id, council["tb"].id, council["hoa"].id
    assert set(ids(index, "", issuer="Hội đồng nhân dân")) == {nq, tb}
    assert set(ids(index, "", issuer="hoi dong nhan dan huyen")) == {tb}
    assert set(ids(index, "", issuer="HĐND")) == {nq, tb}  # abbreviations match too
    assert ids(index, "", issuer="Quảng Hoà") == [hoa]  # either tone-mark convention
    assert set(ids(index, "", body="Ủy ban nhân dân")) == {nq, hoa}
    assert ids(index, "giám sát", body="Krông Nô") == [tb]
    assert ids(index, "", number="94/NQ-HĐND") == [nq]
    assert ids(index, "", number=" 11 / TB-HĐND") == [tb]
    assert set(ids(index, "", date_from="2019-01-01", date_to="2019-12-31")) == {tb, hoa}
    assert ids(index, "", date_from="2019-02") == [tb]
    assert ids(index, "", date_to="2018") == [nq]


def test_issuer_and_body_facets(index: Index, council: dict) -> None:
    facets = index.search(SearchQuery(text="")).facets
    assert facets["issuer"] == {
        "Hội đồng nhân dân tỉnh Hà Giang": 1,
        "Thường trực Hội đồng nhân dân huyện Krông Nô": 1,
        "Ủy ban nhân dân xã Quảng Hòa": 1,
    }
    assert facets["bodies"]["Ủy ban nhân dân tỉnh Hà Giang"] == 1
    assert sum(facets["bodies"].values()) == 4


def test_body_filter_matches_abbreviations_both_ways(index: Index, council: dict) -> None:
    nq, tb, hoa = council["nq"].id, council["tb"].id, council["hoa"].id
    assert ids(index, "", body="UBND tỉnh Hà Giang") == [nq]
    assert set(ids(index, "", body="HĐND")) == {nq, tb}
    assert set(ids(index, "", body="ubnd")) == {nq, hoa}
    assert ids(index, "", body="Thường trực HĐND huyện") == [tb]
    assert ids(index, "", body="Hà Giang Ủy ban") == []  # the words in their order


def test_session_and_term_filters_match_the_words_in_order(index: Index, council: dict) -> None:
    nq, tb, hoa = council["nq"].id, council["tb"].id, council["hoa"].id
    assert ids(index, "", session="kỳ họp thứ 1") == [tb]  # not "thứ 10"
    assert ids(index, "", session="ky hop thu 10") == [nq]
    assert ids(index, "", session="khóa XVII") == [nq]
    assert ids(index, "", session="XVII khóa") == []
    assert set(ids(index, "", term="2021-2026")) == {tb, hoa}
    assert set(ids(index, "", term="2021")) == {nq, tb, hoa}
    assert ids(index, "giám sát", term="2021-2026") == [tb]
    assert ids(index, "", session="kỳ họp", term="2016") == [nq]


def test_session_and_term_facets(index: Index, council: dict) -> None:
    facets = index.search(SearchQuery(text="")).facets
    assert facets["session"] == {"kỳ họp thứ 10, khóa XVII": 1, "kỳ họp thứ 1, khóa XII": 1}
    assert facets["term"] == {"2021-2026": 2, "2016-2021": 1}
    narrowed = index.search(SearchQuery(text="", term="2021-2026")).facets
    assert narrowed["session"] == {"kỳ họp thứ 1, khóa XII": 1}


@pytest.mark.parametrize(
    ("sort", "dated"), [(Sort.NEWEST, ["tb", "hoa", "nq"]), (Sort.OLDEST, ["nq", "hoa", "tb"])]
)
def test_date_sorts_put_undated_documents_last(
    index: Index, council: dict, sort: Sort, dated: list[str]
) -> None:
    result = index.search(SearchQuery(text="", sort=sort, limit=50))
    assert result.total == 5
    found = [h.id for h in result.hits]
    assert found[:3] == [council[k].id for k in dated]
    assert set(found[3:]) == {council["ban"].id, council["ban2"].id}
    assert all(h.score == 0 for h in result.hits)  # not ranked
    page = index.search(SearchQuery(text="", sort=sort, limit=2, offset=1))
    assert [h.id for h in page.hits] == found[1:3]
    texts = index.search(SearchQuery(text="giám sát", sort=sort, limit=50))
    assert [h.id for h in texts.hits] == [council[k].id for k in dated if k != "hoa"]
    assert all(h.snippets for h in texts.hits)


def test_relevance_is_the_default_order(index: Index, council: dict) -> None:
    assert SearchQuery(text="").sort == Sort.RELEVANCE
    relevance = index.search(SearchQuery(text="bán", sort=Sort.RELEVANCE, limit=50))
    assert [h.id for h in relevance.hits] == ids(index, "bán")
    assert relevance.hits[0].score > 0


def test_filters_sorts_and_facets_reach_past_the_first_thousand_hits(index: Index) -> None:
    # A search that looked at the best 1,000 hits only would never see the 50 targets.
    fillers, targets = deep_documents()
    docs = fillers + targets
    index.put_documents(docs, [d.text for d in docs])
    add_files(index, docs)
    wanted = {d.id for d in targets}

    best = index.search(SearchQuery(text="giám sát", limit=1000))
    assert best.total == 1200
    assert not wanted & {h.id for h in best.hits}  # every target ranks below 1,000
    assert best.facets["issuer"] == {DEEP_ISSUER: 50}
    assert best.facets["bodies"] == {DEEP_BODY: 50}
    assert best.facets["session"] == {DEEP_SESSION: 50}
    assert best.facets["term"] == {DEEP_TERM: 50}
    for filters in (
        {"issuer": "HĐND huyện Krông Nô"},
        {"body": "Ban Pháp chế HĐND"},
        {"session": "kỳ họp thứ 7"},
        {"term": "2021-2026"},
        {"date_from": "2024"},
    ):
        found = index.search(SearchQuery(text="giám sát", limit=100, **filters))  # type: ignore[arg-type]
        assert found.total == 50 and {h.id for h in found.hits} == wanted, filters
    newest = index.search(SearchQuery(text="giam sat", sort=Sort.NEWEST, limit=50))
    assert {h.id for h in newest.hits} == wanted
    oldest = index.search(SearchQuery(text="giám sát", sort=Sort.OLDEST, limit=50, offset=1150))
    assert {h.id for h in oldest.hits} == wanted


def test_a_bad_date_is_a_clear_usage_error(index: Index, council: dict) -> None:
    with pytest.raises(UsageError, match="not a date"):
        index.search(SearchQuery(text="", date_from="last year"))


def test_hits_carry_path_title_and_highlighted_snippet(index: Index, council: dict) -> None:
    result = index.search(SearchQuery(text="giai trinh"))
    assert result.total == 1
    hit = result.hits[0]
    assert hit.path == f"/archive/{council['tb'].id}.txt"
    assert hit.title == "Thông báo kết luận"
    assert hit.doc_type == "Thông báo" and hit.issued_date == "2019-06-07"
    assert any("<b>giải</b> <b>trình</b>" in s for s in hit.snippets)


def test_pagination(index: Index, council: dict) -> None:
    everything = index.search(SearchQuery(text="", limit=50))
    page = index.search(SearchQuery(text="", limit=2, offset=2))
    assert everything.total == page.total == 5
    assert [h.id for h in page.hits] == [h.id for h in everything.hits[2:4]]


def test_a_count_only_search_returns_the_total(index: Index, council: dict) -> None:
    result = index.search(SearchQuery(text="giám sát", limit=0))
    assert (result.total, result.hits) == (2, [])


def test_deleted_documents_leave_search(index: Index, council: dict) -> None:
    index.delete_documents([council["tb"].id])
    assert ids(index, "Krông") == []
    assert index.get_document(council["tb"].id) is None
    assert index.count_documents() == 4


def test_putting_a_document_again_replaces_it(index: Index, council: dict) -> None:
    index.put_documents([council["nq"]])
    assert ids(index, "Hà Giang") == [council["nq"].id]
    assert index.count_documents() == 5


def test_record_round_trips_with_paths_from_the_catalog(index: Index, council: dict) -> None:
    doc = council["nq"]
    index.put_files(
        [entry("/copy/nq.txt", sha256=doc.sha256, status=FileStatus.INDEXED, doc_id=doc.id)]
    )
    stored = index.get_document(doc.id)
    assert stored is not None
    assert stored.text == doc.text and stored.title == doc.title
    assert stored.paths == sorted([f"/archive/{doc.id}.txt", "/copy/nq.txt"])


@pytest.mark.parametrize(
    "hostile",
    [
        '"unbalanced',
        "(((",
        ")",
        "*",
        "?",
        "title:",
        "a AND",
        "OR",
        "-",
        "--",
        "\\",
        "~2",
        "x" * 10_000,
        "[1 TO 5]",
        "{}",
        "^3",
        "&&||!",
        "\x00",
        "😀",
        "'; DROP TABLE files;--",
        "<script>alert(1)</script>",
        "NOT",
        "+",
        "/regex/",
    ],
)
def test_any_query_string_returns_results_not_errors(
    index: Index, council: dict, hostile: str
) -> None:
    result = index.search(SearchQuery(text=hostile))
    assert result.total >= 0


def test_a_claim_succeeds_once_for_the_entry_it_expects(index: Index) -> None:
    pending = entry("/inbox/a.pdf", sha256="a" * 64)
    assert index.claim(pending, None)
    assert not index.claim(pending, None)  # a second worker that also saw "no entry" loses
    claimed = index.get_file(pending.path)
    assert claimed is not None and claimed.status == FileStatus.PROCESSING
    assert index.claim(pending, claimed)  # whoever read the current entry may take it over
    assert not index.claim(pending, claimed)  # ...once


def test_bulk_writes_are_searchable_by_their_writer_at_once_and_by_all_after(
    index: Index,
) -> None:
    first = make_doc("Kỳ họp thứ tám Hội đồng nhân dân tỉnh Đắk Nông.", title="Khai mạc kỳ họp")
    second = make_doc("Kỳ họp thứ bảy Hội đồng nhân dân huyện Đắk R'lấp.", title="Bế mạc kỳ họp")
    with index.bulk():
        add(index, first)
        assert ids(index, "kỳ họp") == [first.id]
        add(index, second)
        index.delete_documents([first.id])
        assert ids(index, "kỳ họp") == [second.id]
    assert ids(index, "ky hop") == [second.id]
    assert index.searchable_ids() == index.document_ids() == {second.id}


def test_issuer_and_body_filters_match_words_of_the_canonical_names(index: Index) -> None:
    # Issue 20: on the web `issuer=Đắk Nông` and `body=Ban Pháp chế` must find these, as the CLI
    # does; one council under its canonical name is one facet entry.
    nq, bc = (
        dataclasses.replace(
            make_doc(text, title=title, issued_date="2019-07-10"),
            issuer="HĐND tỉnh Đắk Nông",
            issuer_raw=raw,
            bodies=bodies,
        )
        for text, title, raw, bodies in (
            ("Nghị quyết về giám sát.", "Nghị quyết", "Họi đòng nhân dân tỉnh Đắk Nông", []),
            (
                "Báo cáo thẩm tra của Ban Pháp chế.",
                "Báo cáo thẩm tra",
                "Hội đòng nhân dân ˆ tỉnh Đắk Nông",
                [Body("Ban Pháp chế Hội đồng nhân dân tỉnh Đắk Nông")],
            ),
        )
    )
    add(index, nq, bc)
    assert set(ids(index, "", issuer="Đắk Nông")) == {nq.id, bc.id}
    assert set(ids(index, "", issuer="dak nong")) == {nq.id, bc.id}
    assert set(ids(index, "", issuer="HĐND tỉnh Đắk Nông")) == {nq.id, bc.id}
    assert ids(index, "", body="Ban Pháp chế") == [bc.id]
    assert ids(index, "", body="ban phap che") == [bc.id]
    assert index.search(SearchQuery(text="")).facets["issuer"] == {"HĐND tỉnh Đắk Nông": 2}


def test_a_filter_takes_several_values_and_exclusions(index: Index, council: dict) -> None:
    nq, tb, hoa = council["nq"].id, council["tb"].id, council["hoa"].id
    either = ids(index, "", any_of={"doc_type": ("Nghị quyết", "Thông báo")})
    assert sorted(either) == sorted([nq, tb])
    assert nq not in ids(index, "", none_of={"doc_type": ("Nghị quyết",)})
    assert tb in ids(index, "", none_of={"doc_type": ("Nghị quyết",)})
    issuers = ids(index, "", any_of={"issuer": ("Krông Nô", "Quảng Hòa")})
    assert sorted(issuers) == sorted([tb, hoa])
    assert ids(index, "", any_of={"year": ("2017", "2018")}) == [nq]
    assert ids(index, "", any_of={"number": ("94/NQ-HĐND", "11/TB-HĐND")}, sort=Sort.OLDEST) == [
        nq,
        tb,
    ]
    assert hoa not in ids(index, "", none_of={"issuer": ("Quảng Hòa",), "term": ("2016-2021",)})
    assert (
        ids(index, "giám sát", doc_type="Nghị quyết", none_of={"doc_type": ("Nghị quyết",)}) == []
    )


def test_people_are_a_facet_and_a_filter(index: Index) -> None:
    from core.records import Person, Signer

    signed = dataclasses.replace(
        make_doc("Nghị quyết về giám sát chuyên đề năm 2019.", title="Giám sát"),
        signer=Signer("Thào Hồng Sơn", "Chủ tịch"),
        people=[Person("Nguyễn Văn A")],
    )
    named = dataclasses.replace(
        make_doc("Thông báo kết luận phiên họp.", title="Kết luận"), people=[Person("Nguyễn Văn A")]
    )
    add(index, signed, named)
    facets = index.search(SearchQuery(text="", limit=0)).facets
    assert facets["people"] == {"Nguyễn Văn A": 2, "Thào Hồng Sơn": 1}
    assert ids(index, "", any_of={"people": ("Thào Hồng Sơn",)}) == [signed.id]
    assert ids(index, "", none_of={"people": ("Thào Hồng Sơn",)}) == [named.id]
