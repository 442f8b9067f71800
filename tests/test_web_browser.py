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

from extractors import ExtractOptions
from hoso.pipeline import ingest
from hoso.settings import Settings
from index import open_index

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
    assert page.locator(".hit").count() == 2 and page.locator(".pager").is_visible()
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
    assert page.locator(".card.documents .value").inner_text() == "9"
    screenshot(page, "status")


def test_switch_to_english(page: Any, server: Server) -> None:
    page.goto(server.url + "/?q=hoi+dong")
    page.locator("a.lang").click()
    page.wait_for_url(re.compile(r"lang=en"))
    assert page.locator("header nav a").first.inner_text() == "Search"
    page.goto(server.url + "/facts")  # the choice is remembered
    assert page.locator("h1").inner_text() == "Task counts across the archive"
    screenshot(page, "facts-english")
