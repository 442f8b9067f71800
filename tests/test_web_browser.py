"""The web app end to end: `hoso serve` as a real process, driven by headless Chromium (Playwright).

Each test saves a screenshot of the page it checks under tests/output/screenshots/, for people to
look at. Chromium is Debian's (scripts/system-packages.txt), not a Playwright download.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from factories import sample_inbox
from servers import free_port, running

from core.settings import Settings
from extractors import ExtractOptions
from index import open_index
from ingest.pipeline import ingest
from nlp.normalize import fold

# Slow: `hoso serve` as a process and headless Chromium.
pytestmark = pytest.mark.slow

CHROMIUM = Path(os.environ.get("HOSO_TEST_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parent / "output" / "screenshots"


@dataclasses.dataclass
class Server:
    url: str
    inbox: Path


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, samples_dir: Path) -> Iterator[Server]:
    """The samples ingested (plain pipeline), then `hoso serve` on a free port of 127.0.0.1."""
    root = tmp_path_factory.mktemp("browser")
    inbox = sample_inbox(root, samples_dir)
    # The same resolution in a second form: its text as a plain-text transcript.
    original = (inbox / VERSIONED).read_text(encoding="utf-8")
    (inbox / "nq94-2017-ban-chep.txt").write_text(original.replace("#", ""), encoding="utf-8")
    data_dir = root / "data"
    index = open_index(Settings(data_dir=data_dir))
    try:
        ingest(index, [inbox], ExtractOptions(ocr=False))
    finally:
        index.close()
    env = {k: v for k, v in os.environ.items() if not k.startswith("HOSO_")}
    env.update(HOSO_DATA_DIR=str(data_dir), HOSO_ARCHIVE_ROOTS=str(inbox))
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "hoso", "serve", "--port", str(port)]
    with running(command, f"{url}/api/status", env, root / "serve.log"):
        yield Server(url, inbox)


VERSIONED = "06_hagiang_hdnd_NQ94-2017_ct-giam-sat-2018.md"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run scripts/setup.sh (Debian: chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="vi-VN", accept_downloads=True
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    context.close()
    assert errors == [], errors


def screenshot(page: Any, name: str, full_page: bool = False) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=full_page)


def search(page: Any, server: Server, query: str) -> list[str]:
    """Type a query into the search box, submit it, return the result titles."""
    page.goto(server.url + "/")
    page.fill("input[name=q]", query)
    page.press("input[name=q]", "Enter")
    page.wait_for_url(re.compile(r"\?q="))
    return [t.strip() for t in page.locator(".hit h2 a").all_text_contents()]


def total(page: Any) -> int:
    return int(re.sub(r"\D", "", page.locator(".summary .total").inner_text()))


def test_search_with_and_without_diacritics(page: Any, server: Server) -> None:
    with_marks = search(page, server, "hội đồng nhân dân")
    assert len(with_marks) >= 5 and total(page) >= 5
    assert page.locator(".snippet b").count() > 0
    screenshot(page, "search-with-diacritics")
    without = search(page, server, "hoi dong nhan dan")
    assert set(without) == set(with_marks)
    assert page.locator("input[name=q]").input_value() == "hoi dong nhan dan"
    screenshot(page, "search-without-diacritics")


def test_click_a_facet(page: Any, server: Server) -> None:
    search(page, server, "hội đồng")
    link = page.locator('[data-facet="doc_type"] li a').first
    value, count = link.inner_text().rsplit(maxsplit=1)
    link.click()
    page.wait_for_url(re.compile(r"doc_type="))
    assert total(page) == int(count)
    assert set(page.locator(".hit .type").all_text_contents()) == {value}
    assert page.locator(".chip").first.inner_text().startswith("Loại văn bản")
    screenshot(page, "search-facet")


def test_open_a_document_and_download_the_original(page: Any, server: Server) -> None:
    search(page, server, "273 nội dung công việc")
    page.locator(".hit h2 a").first.click()
    page.wait_for_url(re.compile(r"/documents/"))
    assert "273 nội dung công việc" in page.locator("h1").inner_text()
    assert page.locator("mark").count() > 0
    assert page.locator("#task-counts table tbody tr").count() >= 1
    screenshot(page, "document")
    with page.expect_download() as info:
        page.locator(".download a").click()
    download = info.value
    original = server.inbox / "hnp_2019-12-03_thuong-truc-hdnd.txt"
    assert download.suggested_filename == original.name
    assert Path(download.path()).read_bytes() == original.read_bytes()


def test_pdf_document_shows_its_pages(page: Any, server: Server) -> None:
    search(page, server, "phân cấp nguồn thu")
    page.locator(".hit h2 a").first.click()
    page.wait_for_url(re.compile(r"/documents/"))
    assert page.locator("section.page").count() >= 2
    assert "OCR" in page.locator(".ocr-summary").inner_text()
    page.locator("#page-2").scroll_into_view_if_needed()
    screenshot(page, "document-pdf-pages")


def test_export_the_results_as_csv(page: Any, server: Server) -> None:
    page.goto(server.url + "/?q=hội+đồng&limit=2")
    expected = total(page)
    # Two hits: two cards, or one card with the other form of its document folded into it.
    shown = page.locator(".hit").count() + page.locator(".hit .versions a[data-folded]").count()
    assert shown == 2 and page.locator(".pager").is_visible()
    with page.expect_download() as info:
        page.locator(".exports a", has_text="CSV").click()
    text = Path(info.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == expected > 2  # every result, not only the page shown
    assert {"id", "title", "snippet"} <= set(rows[0])
    screenshot(page, "search-paged")


def test_facts_and_status_pages(page: Any, server: Server) -> None:
    page.goto(server.url + "/facts")
    assert page.locator("svg.chart circle").count() >= 1
    assert page.locator(".facts-table tbody tr").count() >= 1
    screenshot(page, "facts")
    page.goto(server.url + "/status")
    assert page.locator(".card.documents .value").inner_text() == "10"  # 9 samples, 1 transcript
    screenshot(page, "status")


def test_switch_to_english(page: Any, server: Server) -> None:
    page.goto(server.url + "/?q=hoi+dong")
    page.locator("a.lang").click()
    page.wait_for_url(re.compile(r"lang=en"))
    assert page.locator("header nav a").first.inner_text() == "Search"
    page.goto(server.url + "/facts")  # the choice is remembered
    assert page.locator("h1").inner_text() == "Task counts across the archive"
    screenshot(page, "facts-english")


# -- the researcher's workbench (issue 20): each saved at 1400 px and at 375 px -------------------
WIDE = {"width": 1400, "height": 900}
PHONE = {"width": 375, "height": 812}


def screenshots(page: Any, name: str) -> None:
    """The page as it is, saved wide (1400 px) and on a phone (375 px)."""
    for suffix, size in (("1400", WIDE), ("375", PHONE)):
        page.set_viewport_size(size)
        screenshot(page, f"{name}-{suffix}")
    page.set_viewport_size(WIDE)


def test_a_bad_date_is_answered_with_a_sentence(page: Any, server: Server) -> None:
    response = page.goto(server.url + "/?date_from=2019-13-01")
    assert response is not None and response.status == 400
    message = page.locator(".message").inner_text()
    assert "không phải một ngày có thật, hãy viết dd/mm/yyyy" in message
    assert "pattern" not in message and "String should" not in message
    screenshots(page, "workbench-bad-date")
    page.goto(server.url + "/?lang=en&limit=abc")
    assert page.locator(".message").inner_text() == (
        "The parameter limit is not valid: it must be a whole number."
    )


def test_dates_are_typed_day_first(page: Any, server: Server) -> None:
    page.goto(server.url + "/?q=hội+đồng")
    page.fill("input[name=date_from]", "01/01/2019")
    page.fill("input[name=date_to]", "31/12/2020")
    page.locator("form.search .options button[type=submit]").click()
    page.wait_for_url(re.compile(r"date_from="))
    assert page.locator("input[name=date_from]").input_value() == "01/01/2019"
    assert "01/01/2019 – 31/12/2020" in page.locator(".active-filters").inner_text()
    dates = page.locator(".hit .date").all_text_contents()
    assert dates and all(d[-4:] in ("2019", "2020") for d in dates)


def test_an_empty_result_suggests_what_to_try(page: Any, server: Server) -> None:
    page.goto(server.url + "/?q=hội+đồng+xyzzyq&all=true")
    assert "Không tìm thấy" in page.locator(".empty").inner_text()
    screenshots(page, "workbench-empty")
    page.locator(".suggestions a", has_text="không bắt buộc đủ mọi từ").click()
    page.wait_for_url(lambda url: "all=" not in url)
    assert total(page) > 0


def test_an_empty_result_offers_the_nearest_document(page: Any, server: Server) -> None:
    page.goto(server.url + "/?q=giám+sát+chuyên+đề&year=1999")
    assert "Không tìm thấy" in page.locator(".empty").inner_text()
    nearest = page.locator(".nearest a")
    title = nearest.inner_text()
    nearest.click()
    page.wait_for_url(re.compile(r"/documents/"))
    assert page.locator("h1").first.inner_text().strip() == title.strip()


def test_paging_past_the_end(page: Any, server: Server) -> None:
    page.goto(server.url + "/?offset=900")
    note = page.locator(".past-end").inner_text()
    assert "vượt quá kết quả" in note and "Không tìm thấy" not in page.content()
    page.locator(".past-end a").click()
    assert page.locator(".hit").count() >= 1


def test_result_cards_say_who_issued_what_and_when(page: Any, server: Server) -> None:
    search(page, server, "hội đồng nhân dân")
    cards = page.locator(".hit")
    assert cards.count() >= 5
    titles = page.locator(".hit h2 a").all_text_contents()
    assert not any(re.search(r"\.(txt|pdf|docx?|md|html?)$", t.strip()) for t in titles)
    assert page.locator(".hit .issuer").count() >= 1 and page.locator(".hit .date").count() >= 1
    screenshots(page, "workbench-cards")


def test_facets_take_several_values_and_exclusions(page: Any, server: Server) -> None:
    page.goto(server.url + "/")
    everything = total(page)
    items = page.locator('[data-facet="doc_type"] li')
    assert items.count() >= 2
    counts = []
    for _ in range(2):
        link = page.locator('[data-facet="doc_type"] li:not(.active) a').first
        counts.append(int(link.locator(".count").inner_text()))
        link.click()
        page.wait_for_load_state()
    assert page.url.count("doc_type=") == 2
    assert total(page) == sum(counts)
    assert page.locator(".active-filters .chip").count() == 2
    screenshots(page, "workbench-facets-two-values")
    page.goto(server.url + "/")
    exclude = page.locator('[data-facet="doc_type"] li a.exclude').first
    excluded_count = int(exclude.locator("xpath=..").locator(".count").inner_text())
    exclude.click()
    page.wait_for_url(re.compile(r"not_doc_type="))
    assert total(page) == everything - excluded_count
    assert page.locator(".chip.excluded").inner_text().startswith("≠")
    screenshots(page, "workbench-facets-excluded")


def test_a_long_facet_has_a_search_box(page: Any, server: Server) -> None:
    page.goto(server.url + "/")
    long = page.locator(".facet[data-long]").first
    if long.count() == 0:
        pytest.skip("the samples have no facet longer than 8 values")
    box = long.locator("input.facet-filter")
    values = long.locator("li").evaluate_all("els => els.map(e => e.dataset.value)")
    wanted = values[-1]
    box.fill(fold(wanted))  # typed without diacritics
    shown = long.locator("li:visible").evaluate_all("els => els.map(e => e.dataset.value)")
    assert wanted in shown and len(shown) < len(values)
    assert all(fold(wanted) in fold(v) for v in shown)
    screenshots(page, "workbench-facet-search")


def test_keyboard_next_hit_and_back_keep_the_search(page: Any, server: Server) -> None:
    start = server.url + "/?q=hội+đồng&sort=newest&limit=2&offset=2"
    page.goto(start)
    page.locator("body").click(position={"x": 5, "y": 5})
    page.keyboard.press("j")
    assert page.locator(".hit.current").count() == 1
    page.keyboard.press("j")
    page.keyboard.press("k")
    first_title = page.locator(".hit h2 a").first.inner_text()
    assert page.locator(".hit.current h2 a").inner_text() == first_title
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/documents/.*hit=2"))
    assert page.locator("h1").inner_text() == first_title
    assert "3/" in page.locator(".hit-of").inner_text()
    screenshots(page, "workbench-document-nav")
    page.locator("a.next-hit").click()
    page.wait_for_url(re.compile(r"hit=3"))
    page.locator("a.back").click()
    page.wait_for_url(re.compile(r"^[^?]*/\?"))
    for part in ("sort=newest", "limit=2", "offset=2"):
        assert part in page.url, page.url
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.name") == "q"


def test_a_phone_sees_results_on_the_first_screen(page: Any, server: Server) -> None:
    page.set_viewport_size(PHONE)
    page.goto(server.url + "/?q=hội+đồng")
    first = page.locator(".hit").first.bounding_box()
    assert first is not None and first["y"] < PHONE["height"]
    assert not page.locator(".facets").is_visible()
    page.locator("details.facets-box > summary").click()
    assert page.locator(".facets").is_visible()
    wide = "document.scrollingElement.scrollWidth <= window.innerWidth + 1"
    assert page.evaluate(wide)
    page.goto(server.url + "/facts")
    assert page.evaluate(wide)
    screenshots(page, "workbench-phone-facts")


def test_api_docs_are_served_offline(page: Any, server: Server) -> None:
    outside: list[str] = []
    page.route(
        re.compile(r"^(?!http://127\.0\.0\.1)"),
        lambda route: (outside.append(route.request.url), route.abort()),
    )
    page.goto(server.url + "/docs")
    assert page.locator("h1").inner_text() == "Tài liệu API"
    assert page.locator("section.endpoint").count() >= 10
    assert "not_doc_type" in page.content()
    assert outside == []
    screenshots(page, "workbench-api-docs")


def test_a_pdf_is_shown_in_the_page(page: Any, server: Server) -> None:
    search(page, server, "phân cấp nguồn thu")
    page.locator(".hit h2 a").first.click()
    page.wait_for_url(re.compile(r"/documents/"))
    frame = page.locator("#viewer iframe")
    assert frame.count() == 1
    src = frame.get_attribute("src") or ""
    shown = page.request.get(server.url + src)
    assert shown.status == 200 and shown.headers["content-type"] == "application/pdf"
    assert shown.headers["content-disposition"].startswith("inline")
    doc_id = page.url.split("/documents/")[1].split("?")[0]
    image = page.request.get(f"{server.url}/api/documents/{doc_id}/pages/1.jpg")
    assert image.status == 200 and image.body()[:2] == b"\xff\xd8"
    page.locator("#viewer").scroll_into_view_if_needed()
    screenshots(page, "workbench-pdf-viewer")


def test_people_facet_and_links(page: Any, server: Server) -> None:
    page.goto(server.url + "/")
    person = page.locator('[data-facet="people"] li a:not(.exclude)').first
    count = int(person.locator(".count").inner_text())
    person.click()
    page.wait_for_url(re.compile(r"people="))
    assert total(page) == count
    screenshots(page, "workbench-people-facet")
    page.locator(".hit h2 a").first.click()
    page.wait_for_url(re.compile(r"/documents/"))
    rows = page.locator("#people tbody tr").count()
    assert page.locator('#people a[href^="/people/"]').count() == rows
    name = page.locator("#people tbody tr a").first.inner_text()
    page.locator("#people tbody tr a").first.click()
    page.wait_for_url(re.compile(r"/people/"))
    assert page.locator("h1.profile-name").inner_text() == name
    listed = page.locator("ol.documents li").count()
    assert listed >= 1
    screenshots(page, "workbench-person-page")
    page.locator("a.named").click()
    page.wait_for_url(re.compile(r"people="))
    assert total(page) >= listed


def test_one_document_in_two_forms_is_one_result_with_its_versions(
    page: Any, server: Server
) -> None:
    page.goto(server.url + "/?q=" + "chương trình giám sát năm 2018")
    cards = page.locator(".hit")
    with_versions = page.locator(".hit:has(.versions)")
    assert with_versions.count() == 1
    titles = [cards.nth(i).locator("h2").inner_text() for i in range(cards.count())]
    assert len(titles) == len(set(titles))  # the transcript is not a second card
    screenshots(page, "workbench-versions")
    with_versions.locator(".versions a").first.click()
    page.wait_for_url(re.compile(r"/documents/"))
    assert page.locator("#metadata tr.versions a").count() == 1


def test_a_council_has_its_page_with_completion(page: Any, server: Server) -> None:
    # The samples' Hà Nội work programme report states 248 of 273 work items done.
    page.goto(server.url + "/facts")
    page.locator("details summary").first.click()
    row = page.locator("table.completion tbody tr").first
    council = row.locator("td a").first.inner_text()
    assert row.locator("a.sentences").count() == 1
    assert row.locator("td.documents a").count() >= 1
    row.locator("td a").first.click()
    page.wait_for_url(re.compile(r"/bodies/"))
    assert page.locator("h1.profile-name").inner_text() == council
    assert page.locator("table.completion tbody tr").count() >= 1
    # The Standing Committee's report is issued in the council's name and mentions it.
    assert page.locator(".mentioning ol.documents li").count() >= 1
    screenshots(page, "workbench-body-page")
    page.locator("table.completion a.sentences").first.click()
    page.wait_for_url(re.compile(r"/facts\?"))
    assert page.locator(".facts-table tbody tr").count() >= 1


def test_an_issuer_on_a_card_opens_its_page(page: Any, server: Server) -> None:
    page.goto(server.url + "/?q=" + "nghị quyết")
    issuer = page.locator(".hit a.issuer").first
    name = issuer.inner_text()
    issuer.click()
    page.wait_for_url(re.compile(r"/bodies/"))
    assert page.locator("h1.profile-name").inner_text() == name
    issued = int(re.sub(r"\D", "", page.locator("a.issued").inner_text()))
    assert issued >= 1
    page.locator("a.issued").click()
    page.wait_for_url(re.compile(r"issuer="))
    assert total(page) == issued
