"""Bundles: ZIP and tar archives of documents, each member its own document, on both backends.

Every archive is built by the test from the bundled samples (real ZIP and tar files, written with
the standard library; a password-protected one with tests/badinput.py's PKWARE cipher).
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import os
import tarfile
import tempfile
import zipfile
from pathlib import Path

import pytest
from badinput import encrypted_zip
from commands import hoso, hoso_json, hoso_process
from factories import file_entry

from core.records import FileStatus, IngestSummary, SearchQuery
from core.settings import Limits
from extractors import ExtractOptions, bundle
from index.base import Index
from ingest.check import check
from ingest.pipeline import ingest
from ingest.workers import ExtractionPool

OPTIONS = ExtractOptions(ocr=False)
# Sample name → where it sits in the bundle; one per format the samples have.
MEMBERS = {
    "NQ84-2017-nq-hdnd_ha-giang.txt": "nghi-quyet/NQ84-2017.txt",
    "hnp_2019-12-03_thuong-truc-hdnd.txt": "tin-bai/thuong-truc.txt",
    "06_hagiang_hdnd_NQ94-2017_ct-giam-sat-2018.md": "NQ94-2017.md",
    "46_lamdong_ubnd_TBKL-SKHCN-2026_draft.docx": "cong-van/TBKL-SKHCN.docx",
    "21_krongno_web_TB-ket-luan-giai-trinh-HDND.html": "tin-bai/krongno.html",
}
# A phrase of the first member, found in no other sample.
PHRASE = '"Phùng Thị Hồng Hà"'


def run(index: Index, *roots: Path) -> IngestSummary:
    return ingest(index, list(roots), OPTIONS, batch_size=4)


def make_zip(path: Path, samples_dir: Path, members: dict[str, str] = MEMBERS) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for sample, name in members.items():
            z.write(samples_dir / sample, name)
    return path


def zip_bytes(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(name, data)
    return buffer.getvalue()


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def search_paths(index: Index, text: str) -> list[str]:
    return [h.path or "" for h in index.search(SearchQuery(text=text, limit=50)).hits]


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    return folder


def test_each_member_is_a_document_with_a_bang_path(
    index: Index, inbox: Path, samples_dir: Path
) -> None:
    archive = make_zip(inbox / "batch.zip", samples_dir)
    summary = run(index, inbox)
    assert (summary.indexed, summary.failed) == (len(MEMBERS), 0), summary.failures
    entry = index.get_file(str(archive))
    assert entry is not None
    assert (entry.status, entry.format, entry.members, entry.doc_id) == (
        FileStatus.INDEXED,
        "zip",
        len(MEMBERS),
        None,
    )
    for sample, name in MEMBERS.items():
        member = index.get_file(f"{archive}!/{name}")
        assert member is not None and member.status == FileStatus.INDEXED, member
        data = (samples_dir / sample).read_bytes()
        assert member.sha256 == sha(data) and member.size == len(data)
        doc = index.get_document(member.doc_id or "")
        assert doc is not None and doc.paths == [f"{archive}!/{name}"]
    # The title falls back to the member's name, never to a temporary file's.
    docx = index.get_file(f"{archive}!/cong-van/TBKL-SKHCN.docx")
    assert docx is not None and "hoso-member" not in str(index.get_document(docx.doc_id or ""))
    assert search_paths(index, PHRASE) == [f"{archive}!/tin-bai/thuong-truc.txt"]
    assert check(index).problems == []


def test_rerunning_extracts_nothing_and_a_move_relinks(
    index: Index, inbox: Path, samples_dir: Path
) -> None:
    archive = make_zip(inbox / "batch.zip", samples_dir)
    first = run(index, inbox)
    ids = {e.path: e.doc_id for e in index.files() if e.doc_id}
    again = run(index, inbox)
    assert (again.indexed, again.linked, again.failed, again.removed) == (0, 0, 0, 0)
    assert again.unchanged == 1 + len(MEMBERS)
    # Touched (a copy tool's new mtime) but unchanged: still nothing extracted.
    os.utime(archive, ns=(1_000_000_000, 1_000_000_000))
    touched = run(index, inbox)
    assert (touched.indexed, touched.linked, touched.unchanged) == (0, 0, 1 + len(MEMBERS))

    (inbox / "2025").mkdir()
    moved = archive.rename(inbox / "2025" / "lo-van-ban.zip")
    after = run(index, inbox)
    assert (after.indexed, after.linked, after.moved) == (0, len(MEMBERS), len(MEMBERS))
    assert after.removed == 1 + len(MEMBERS)  # the archive's old entry and its members'
    assert index.get_file(str(archive)) is None
    assert {e.path: e.doc_id for e in index.files() if e.doc_id} == {
        path.replace(str(archive), str(moved)): doc_id for path, doc_id in ids.items()
    }
    assert index.count_documents() == first.indexed
    assert search_paths(index, PHRASE) == [f"{moved}!/tin-bai/thuong-truc.txt"]


def test_the_same_member_in_two_archives_is_one_document(
    index: Index, inbox: Path, samples_dir: Path
) -> None:
    first = make_zip(inbox / "a.zip", samples_dir)
    second = make_zip(
        inbox / "b.zip", samples_dir, {"hnp_2019-12-03_thuong-truc-hdnd.txt": "khac/tin.txt"}
    )
    (inbox / "loose.txt").write_bytes(
        (samples_dir / "hnp_2019-12-03_thuong-truc-hdnd.txt").read_bytes()
    )
    summary = run(index, inbox)
    assert summary.indexed == len(MEMBERS) and summary.linked == 2
    entry = index.get_file(f"{second}!/khac/tin.txt")
    assert entry is not None and entry.doc_id
    doc = index.get_document(entry.doc_id)
    assert doc is not None
    assert doc.paths == sorted(
        [f"{first}!/tin-bai/thuong-truc.txt", f"{second}!/khac/tin.txt", str(inbox / "loose.txt")]
    )
    assert len(index.search(SearchQuery(text=PHRASE)).hits) == 1


def test_a_changed_archive_keeps_unchanged_members_and_drops_the_rest(
    index: Index, inbox: Path, samples_dir: Path
) -> None:
    archive = make_zip(inbox / "batch.zip", samples_dir)
    run(index, inbox)
    kept = index.get_file(f"{archive}!/nghi-quyet/NQ84-2017.txt")
    dropped = index.get_file(f"{archive}!/tin-bai/thuong-truc.txt")
    assert kept is not None and dropped is not None
    changed = dict(MEMBERS)
    del changed["hnp_2019-12-03_thuong-truc-hdnd.txt"]
    changed["09_tuangiao_hdnd_GM-hop-thuong-truc-2020.pdf"] = "giay-moi.pdf"
    archive.unlink()
    make_zip(archive, samples_dir, changed)
    summary = run(index, inbox)
    # One member is new; the others are the same bytes, so nothing else is extracted.
    assert (summary.indexed, summary.linked, summary.removed) == (1, 0, 1), summary
    assert summary.unchanged == len(MEMBERS) - 1
    assert index.get_file(f"{archive}!/tin-bai/thuong-truc.txt") is None
    assert index.get_document(dropped.doc_id or "") is None
    assert search_paths(index, PHRASE) == []
    still = index.get_file(f"{archive}!/nghi-quyet/NQ84-2017.txt")
    assert still is not None and still.doc_id == kept.doc_id
    entry = index.get_file(str(archive))
    assert entry is not None and entry.members == len(changed)
    assert check(index).problems == []

    archive.unlink()
    gone = run(index, inbox)
    assert gone.removed == 1 + len(changed)
    assert index.files() == [] and index.count_documents() == 0


def test_tar_archives_and_an_archive_inside_an_archive(
    index: Index, inbox: Path, samples_dir: Path
) -> None:
    note = (samples_dir / "NQ84-2017-nq-hdnd_ha-giang.txt").read_bytes()
    article = (samples_dir / "hnp_2019-12-03_thuong-truc-hdnd.txt").read_bytes()
    deepest = zip_bytes({"sau.txt": note})
    inner = zip_bytes({"tin.txt": article, "deeper.zip": zip_bytes({"deep.zip": deepest})})
    for suffix, mode in ((".tar", "w"), (".tar.gz", "w:gz"), (".tgz", "w:gz"), (".tar.xz", "w:xz")):
        with tarfile.open(inbox / f"bundle{suffix}", mode) as tar:
            for name, data in {"ho-so/inner.zip": inner, "ho-so/nq.txt": note}.items():
                info = tarfile.TarInfo(name)
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
    summary = run(index, inbox)
    path = inbox / "bundle.tgz"
    assert index.get_file(str(path)) is not None
    for name, status in {
        "ho-so/inner.zip": FileStatus.INDEXED,
        "ho-so/inner.zip!/tin.txt": FileStatus.INDEXED,
        "ho-so/nq.txt": FileStatus.INDEXED,
        # Depth 3: an archive inside an archive inside an archive is refused.
        "ho-so/inner.zip!/deeper.zip": FileStatus.FAILED,
    }.items():
        entry = index.get_file(f"{path}!/{name}")
        assert entry is not None and entry.status == status, (name, entry)
    refused = index.get_file(f"{path}!/ho-so/inner.zip!/deeper.zip")
    assert refused is not None and refused.error is not None
    assert refused.error.startswith("refused: an archive nested 3 deep, over the limit of 2")
    nested = index.get_file(f"{path}!/ho-so/inner.zip")
    assert nested is not None and (nested.format, nested.members) == ("zip", 2)
    assert not any("sau.txt" in e.path for e in index.files())
    # Two documents across four archives; the rest are paths of the same two.
    assert summary.indexed == 2 and index.count_documents() == 2
    # One document, at the same place in each of the four archives.
    assert search_paths(index, PHRASE) == [f"{inbox}/bundle.tar!/ho-so/inner.zip!/tin.txt"]
    hit = index.search(SearchQuery(text=PHRASE)).hits[0]
    doc = index.get_document(hit.id)
    assert doc is not None and len(doc.paths) == 4
    assert nested.doc_id is None  # an archive is not a document
    assert check(index).problems == []
    # Roots naming a member inside the inner archive, or the inner archive itself (a retry, a
    # re-index): the inner archive keeps its count, its members their documents.
    before = {e.path: (e.status, e.doc_id, e.members) for e in index.files()}
    again = run(index, Path(f"{path}!/ho-so/inner.zip!/tin.txt"), Path(f"{path}!/ho-so/inner.zip"))
    assert (again.indexed, again.removed, again.failed) == (0, 0, 1)  # depth 3, refused again
    assert {e.path: (e.status, e.doc_id, e.members) for e in index.files()} == before


def test_bad_archives_fail_with_the_reason_and_bad_members_fail_alone(
    index: Index, inbox: Path, samples_dir: Path, tmp_path: Path
) -> None:
    good = make_zip(tmp_path / "good.zip", samples_dir)
    (inbox / "truncated.zip").write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    (inbox / "truncated.tar.gz").write_bytes(_tar_gz(samples_dir)[:300])
    # A member whose stored bytes were damaged after it was written (its CRC no longer matches).
    damaged = bytearray(
        zip_bytes(
            {
                "hong.txt": b"Noi dung bi hong " * 50,
                "tot.txt": (samples_dir / MEMBER_TXT).read_bytes(),
            }
        )
    )
    at = damaged.index(b"hong.txt") + len(b"hong.txt") + 5
    damaged[at] ^= 0xFF
    (inbox / "damaged.zip").write_bytes(bytes(damaged))
    # A zip bomb inside a zip: its member declares 300 MB of zeros at ~1000×.
    bomb = _bomb_zip(300)
    (inbox / "bomb-inside.zip").write_bytes(
        zip_bytes({"bomb.zip": bomb, "tot.txt": (samples_dir / MEMBER_TXT).read_bytes()})
    )
    (inbox / "encrypted.zip").write_bytes(
        encrypted_zip({"nq.txt": (samples_dir / MEMBER_TXT).read_bytes()}, b"mat-khau")
    )
    # Beside a good member: a file no extractor reads, and members that are never documents.
    (inbox / "mixed.zip").write_bytes(
        zip_bytes(
            {
                "tot.txt": (samples_dir / MEMBER_TXT).read_bytes() + b"\n",
                "bang-tinh.bin": bytes(range(256)) * 64,
                "__MACOSX/._tot.txt": b"\0\5\26\7",
                ".DS_Store": b"\0\0\0\1Bud1",
                "thu-muc/": b"",
            }
        )
    )
    summary = run(index, inbox)
    reasons = {Path(f.path).name: f.error for f in summary.failures}
    assert sorted(e.path for e in index.files(under=f"{inbox}/mixed.zip!")) == [
        f"{inbox}/mixed.zip!/bang-tinh.bin",
        f"{inbox}/mixed.zip!/tot.txt",
    ]
    unsupported = index.get_file(f"{inbox}/mixed.zip!/bang-tinh.bin")
    assert unsupported is not None and unsupported.status == FileStatus.FAILED
    assert unsupported.error and not unsupported.error.startswith("extractor crashed")
    assert reasons["truncated.zip"].startswith("corrupt archive: ")
    assert reasons["truncated.tar.gz"].startswith("corrupt archive: ")
    assert reasons["hong.txt"].startswith("corrupt member: "), reasons
    assert reasons["bomb.zip"].startswith("refused: zip member 'zeros.txt' expands"), reasons
    assert reasons["encrypted.zip"].startswith("encrypted archive: ")
    # Their good members are indexed all the same.
    for path in (f"{inbox}/damaged.zip!/tot.txt", f"{inbox}/bomb-inside.zip!/tot.txt"):
        entry = index.get_file(path)
        assert entry is not None and entry.status == FileStatus.INDEXED, entry
    for name in ("truncated.zip", "truncated.tar.gz", "encrypted.zip"):
        entry = index.get_file(str(inbox / name))
        assert entry is None or (entry.status == FileStatus.FAILED and entry.error)
    assert {e.status for e in index.files()} <= {FileStatus.INDEXED, FileStatus.FAILED}
    again = run(index, inbox)
    assert (again.indexed, again.failed, again.linked) == (0, 0, 0)
    assert check(index).problems == []


MEMBER_TXT = "NQ84-2017-nq-hdnd_ha-giang.txt"


def _tar_gz(samples_dir: Path) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        tar.add(samples_dir / MEMBER_TXT, arcname="nq.txt")
        tar.add(samples_dir / "hnp_2019-12-03_thuong-truc-hdnd.txt", arcname="tin.txt")
    return buffer.getvalue()


def _bomb_zip(megabytes: int) -> bytes:
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z,
        z.open("zeros.txt", "w", force_zip64=True) as member,
    ):
        block = b"\0" * 1_048_576
        for _ in range(megabytes):
            member.write(block)
    return buffer.getvalue()


def test_traversal_and_absolute_names_stay_inside_the_archive(
    index: Index, tmp_path: Path, samples_dir: Path
) -> None:
    inbox = tmp_path / "deep" / "er" / "inbox"
    inbox.mkdir(parents=True)
    data = (samples_dir / MEMBER_TXT).read_bytes()
    archive = inbox / "hostile.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("../../x.txt", data)
        z.writestr("/etc/hoso-absolute.txt", data + b"\n")
        z.writestr("C:\\Windows\\drive.txt", data + b"\n\n")
        link = zipfile.ZipInfo("lien-ket.txt")
        link.external_attr = 0o120777 << 16  # a symbolic link to a file outside
        z.writestr(link, "../../../etc/passwd")
    before = set((tmp_path / "deep").rglob("*"))
    temp_before = set(os.listdir(tempfile.gettempdir()))
    summary = run(index, inbox)
    assert summary.indexed == 3 and summary.failed == 0, summary.failures
    assert sorted(e.path for e in index.files()) == [
        str(archive),
        f"{archive}!/Windows/drive.txt",
        f"{archive}!/etc/hoso-absolute.txt",
        f"{archive}!/x.txt",
    ]
    # Nothing was written beside the archive, above it, or at the absolute name.
    assert set((tmp_path / "deep").rglob("*")) == before
    assert not Path("/etc/hoso-absolute.txt").exists()
    assert not any(
        n.startswith("hoso-member-") for n in set(os.listdir(tempfile.gettempdir())) - temp_before
    )
    assert bundle.read_member(archive, "x.txt") == data
    with pytest.raises(Exception, match="no member"):
        bundle.read_member(archive, "../../x.txt")


@pytest.mark.slow
def test_members_through_worker_processes(inbox: Path, samples_dir: Path, index: Index) -> None:
    archive = make_zip(inbox / "batch.zip", samples_dir)
    temp_before = set(os.listdir(tempfile.gettempdir()))
    with ExtractionPool(1, OPTIONS, Limits(timeout=120)) as pool:
        summary = ingest(index, [archive], OPTIONS, build=pool.build, in_flight=2)
    assert (summary.indexed, summary.failed) == (len(MEMBERS), 0), summary.failures
    # The temporary copy of each member is removed after its extraction.
    left = set(os.listdir(tempfile.gettempdir())) - temp_before
    assert not any(n.startswith("hoso-member-") for n in left)
    # A root naming one member (a distributed batch, a re-index) plans that member alone.
    name = f"{archive}!/tin-bai/thuong-truc.txt"
    again = ingest(index, [Path(name)], OPTIONS, force=True)
    assert (again.indexed, again.removed) == (1, 0)
    assert len(index.files()) == 1 + len(MEMBERS)


def test_members_are_shown_searched_and_downloaded_in_the_web_app(
    index: Index, tmp_path: Path, samples_dir: Path
) -> None:
    from fastapi.testclient import TestClient

    from core.settings import Settings
    from hoso.web.app import create_app
    from index.embedded import EmbeddedIndex

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    note = (samples_dir / MEMBER_TXT).read_bytes()
    article = (samples_dir / "hnp_2019-12-03_thuong-truc-hdnd.txt").read_bytes()
    docx = (samples_dir / "46_lamdong_ubnd_TBKL-SKHCN-2026_draft.docx").read_bytes()
    archive = inbox / "lo-van-ban.zip"
    archive.write_bytes(
        zip_bytes(
            {
                "../../nghi-quyet.txt": note,
                "cong-van/thông báo.docx": docx,
                "kem-theo.zip": zip_bytes({"tin.txt": article}),
            }
        )
    )
    (tmp_path / "outside").mkdir()
    ingest(index, [inbox], OPTIONS)
    ids = {e.path: e.doc_id for e in index.files() if e.doc_id}
    settings = dataclasses.replace(
        Settings.load(data_dir=tmp_path / "data"), api_token=None, archive_roots=str(inbox)
    )
    app_index: Index | None = index
    if isinstance(index, EmbeddedIndex):  # SQLite objects stay on the thread that made them
        index.close()
        app_index = None
    with TestClient(create_app(settings, app_index)) as client:
        for name, data in {
            "nghi-quyet.txt": note,
            "cong-van/thông báo.docx": docx,
            "kem-theo.zip!/tin.txt": article,
        }.items():
            doc_id = ids[f"{archive}!/{name}"]
            response = client.get(f"/api/documents/{doc_id}/original")
            assert response.status_code == 200, response.text
            assert response.content == data
            assert response.headers["content-security-policy"] == "sandbox"
            disposition = response.headers["content-disposition"]
            assert disposition.startswith("attachment") and "/" not in disposition
            page = client.get(f"/documents/{doc_id}")
            assert page.status_code == 200 and f"{archive}!/{name}" in page.text
        hits = client.get("/api/search", params={"q": PHRASE}).json()["hits"]
        assert [h["path"] for h in hits] == [f"{archive}!/kem-theo.zip!/tin.txt"]
        doc_id = ids[f"{archive}!/nghi-quyet.txt"]
        for wanted in (f"{archive}!/../../nghi-quyet.txt", f"{archive}!/../outside", "/etc/passwd"):
            response = client.get(f"/api/documents/{doc_id}/original", params={"path": wanted})
            assert response.status_code == 404, wanted
        # The archive rewritten with other bytes under the same member name: not served.
        archive.write_bytes(zip_bytes({"../../nghi-quyet.txt": note + b"\nsua doi"}))
        changed = client.get(f"/api/documents/{doc_id}/original")
        assert changed.status_code == 409 and "changed since it was ingested" in changed.text
        gone = client.get(f"/api/documents/{ids[f'{archive}!/kem-theo.zip!/tin.txt']}/original")
        assert gone.status_code == 409 and "cannot be read from its archive" in gone.text
    outside = dataclasses.replace(settings, archive_roots=str(tmp_path / "outside"))
    with TestClient(create_app(outside, app_index)) as client:
        response = client.get(f"/api/documents/{doc_id}/original")
        assert response.status_code == 403 and "outside the archive roots" in response.text


@pytest.mark.slow
def test_the_ingest_flow_lists_and_checks_members(tmp_path: Path, samples_dir: Path) -> None:
    """`hoso ingest` (a real Prefect flow run, worker processes), then `hoso list` and `check`."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    archive = make_zip(inbox / "batch.zip", samples_dir)
    with zipfile.ZipFile(archive, "a") as z:
        z.writestr("hong/bien-ban.pdf", b"%PDF-1.4\nnot a pdf")
    data_dir = tmp_path / "data"

    first = hoso_process(data_dir, "ingest", str(inbox)).stdout
    assert f"indexed {len(MEMBERS)} · copies linked 0 · unchanged 0 · failed 1" in first
    assert f"failed: {archive}!/hong/bien-ban.pdf: unreadable PDF" in first
    listing = {e["path"]: e for e in hoso_json(data_dir, "list")}
    assert listing[str(archive)]["members"] == len(MEMBERS) + 1
    assert listing[str(archive)]["status"] == "indexed"
    for name in MEMBERS.values():
        assert listing[f"{archive}!/{name}"]["status"] == "indexed"
        assert listing[f"{archive}!/{name}"]["id"]
    assert f"archive of {len(MEMBERS) + 1} members" in hoso(data_dir, "list").stdout
    assert hoso_json(data_dir, "check")["problems"] == []
    again = hoso_process(data_dir, "ingest", str(archive)).stdout
    assert f"indexed 0 · copies linked 0 · unchanged {2 + len(MEMBERS)}" in again
    # `hoso retry ARCHIVE` tries its failed members again.
    retried = hoso_process(data_dir, "retry", str(archive)).stdout
    assert f"failed: {archive}!/hong/bien-ban.pdf: unreadable PDF" in retried


def test_a_refresh_reuses_members_and_a_reextract_redoes_them(
    index: Index, inbox: Path, samples_dir: Path
) -> None:
    from core.settings import Settings
    from ingest.pipeline import InProcess
    from ingest.reindex import refresh

    archive = make_zip(inbox / "batch.zip", samples_dir)
    run(index, inbox)
    ids = {e.path: e.doc_id for e in index.files()}
    # The roots of a refresh are every catalogued path: the archive and each of its members.
    again = refresh(index, Settings(), InProcess(OPTIONS))
    assert (again.indexed, again.linked, again.removed, again.failed) == (0, 0, 0, 0)
    redone = refresh(index, Settings(), InProcess(OPTIONS), reextract=True)
    assert (redone.indexed, redone.removed, redone.failed) == (len(MEMBERS), 0, 0)
    assert {e.path: e.doc_id for e in index.files()} == ids
    entry = index.get_file(str(archive))
    assert entry is not None and entry.members == len(MEMBERS)
    assert check(index).problems == []


def test_an_archive_failed_by_an_earlier_version_is_read_on_retry(
    index: Index, inbox: Path, samples_dir: Path
) -> None:
    archive = make_zip(inbox / "batch.zip", samples_dir)
    old = file_entry(
        archive, status=FileStatus.FAILED, error="unrecognised content (extension .zip)"
    )
    index.put_files([old])
    assert run(index, inbox).unchanged == 1  # unchanged: not read again by itself
    # What `hoso retry` does: the entry back to pending, then an ingest of its path.
    index.put_files([dataclasses.replace(old, status=FileStatus.PENDING, error=None)])
    summary = run(index, archive)
    assert (summary.indexed, summary.failed) == (len(MEMBERS), 0)
    entry = index.get_file(str(archive))
    assert entry is not None and (entry.status, entry.members) == (FileStatus.INDEXED, len(MEMBERS))
