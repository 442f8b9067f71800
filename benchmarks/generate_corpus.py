"""A generated corpus of council documents in the real mix of formats, for ingest benchmarks.

    .venv/bin/python benchmarks/generate_corpus.py OUT [--count 1000] [--seed 1] [--small]

Every document is built from real Vietnamese council text: the paragraphs of `samples/*.txt`,
`samples/*.md` and `../shared/corpus/text/*.txt` (People's Council resolutions and news articles;
provenance in those folders). Each gets the letterhead of a council document — issuer and
national motto side by side, the number and the place and date side by side — a title, a body of
paragraphs drawn from the real texts, sometimes a table, and a signature block, so extraction,
the two-column header rule and fact extraction all do their real work. Numbers and dates make
every document's content unique (no copy is linked instead of extracted).

The mix (`MIX`): text PDFs of 1-30 pages (fpdf2, DejaVu Serif; most are short, as council
documents are: 1-2 pages for 85%, 3-8 for 12%, 9-30 for 3%), DOCX (python-docx), HTML pages with a
portal's navigation and footer around the article, and UTF-8 text. `--small` makes every document
short (one page, or a short text) for memory measurements over many files.

Writes OUT/.manifest.json (hidden, so ingest ignores it): each file's format and pages.
"""

from __future__ import annotations

import argparse
import html
import json
import random
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [ROOT / "samples", ROOT.parent / "shared" / "corpus" / "text"]
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
# Share of each format among the documents.
MIX = {"pdf": 0.5, "docx": 0.2, "html": 0.15, "txt": 0.15}
CHARS_PER_PAGE = 2600  # a dense A4 page of a resolution at 12 pt

PROVINCES = [
    "Hà Giang", "Gia Lai", "Bình Dương", "Đắk Nông", "Lâm Đồng", "Thanh Hóa", "Hậu Giang",
    "Bắc Giang", "Lai Châu", "Cao Bằng", "Thừa Thiên Huế", "Bà Rịa - Vũng Tàu", "Bình Thuận",
]  # fmt: skip
TYPES = [
    ("NGHỊ QUYẾT", "NQ-HĐND"), ("BÁO CÁO", "BC-HĐND"), ("TỜ TRÌNH", "TTr-UBND"),
    ("THÔNG BÁO", "TB-HĐND"), ("KẾ HOẠCH", "KH-HĐND"), ("QUYẾT ĐỊNH", "QĐ-UBND"),
]  # fmt: skip
SUBJECTS = [
    "về chương trình giám sát năm {y} của Hội đồng nhân dân tỉnh",
    "về kết quả chất vấn và trả lời chất vấn tại kỳ họp thứ {k}",
    "về nhiệm vụ phát triển kinh tế - xã hội 6 tháng cuối năm {y}",
    "về dự toán thu, chi ngân sách địa phương năm {y}",
    "về kết quả giám sát việc giải quyết kiến nghị của cử tri",
]
SIGNERS = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Minh Cường", "Phạm Thu Hà", "Hoàng Đức Long"]


@dataclass(frozen=True)
class Spec:
    """One document to write."""

    name: str
    fmt: str
    pages: int  # PDF pages asked for (other formats: 1)


def paragraphs() -> list[str]:
    """Paragraphs of real text: runs of two to five consecutive lines (of at least six words,
    markup removed) of one source text."""
    sources: list[list[str]] = []
    for folder in SOURCES:
        for path in sorted(folder.glob("*.txt")) + sorted(folder.glob("*.md")):
            lines = []
            for line in path.read_text("utf-8", errors="replace").splitlines():
                line = " ".join(re.sub(r"<[^>]+>|[#*|]", " ", line).split())
                if len(line.split()) >= 6 and "\ufffd" not in line:
                    lines.append(line)
            if lines:
                sources.append(lines)
    found = []
    for lines in sources:
        for start in range(0, len(lines), 2):
            found.append(" ".join(lines[start : start + 2 + start % 4]))
    if len(found) < 200:
        raise SystemExit(f"only {len(found)} paragraphs of real text found in {SOURCES}")
    return found


def plan(count: int, rng: random.Random, small: bool) -> list[Spec]:
    specs = []
    formats = list(MIX)
    weights = [MIX[f] for f in formats]
    for i in range(count):
        fmt = rng.choices(formats, weights)[0]
        pages = 1
        if fmt == "pdf" and not small:
            draw = rng.random()
            if draw < 0.85:
                pages = rng.randint(1, 2)
            elif draw < 0.97:
                pages = rng.randint(3, 8)
            else:
                pages = rng.randint(9, 30)
        specs.append(Spec(f"{i:05d}_{fmt}.{fmt}", fmt, pages))
    return specs


@dataclass
class Content:
    """The parts of one document, shared by every format's writer."""

    issuer: str
    number: str
    place_date: str
    doc_type: str
    title: str
    body: list[str]
    table: list[list[str]] | None
    signer: str


def compose(index: int, chars: int, pool: list[str], rng: random.Random) -> Content:
    province = rng.choice(PROVINCES)
    doc_type, code = rng.choice(TYPES)
    year = 2016 + index % 10
    day, month = 1 + index % 28, 1 + (index // 28) % 12
    body: list[str] = []
    size = 0
    while size < chars:
        paragraph = rng.choice(pool)
        body.append(paragraph)
        size += len(paragraph)
    table = None
    if rng.random() < 0.3:
        table = [["STT", "Nội dung", "Kết quả", "Tỷ lệ"]] + [
            [str(r + 1), rng.choice(pool)[:40], f"{rng.randint(5, 300)}/{rng.randint(300, 400)}",
             f"{rng.randint(10, 99)},{rng.randint(0, 9)}%"]
            for r in range(rng.randint(3, 8))
        ]  # fmt: skip
    return Content(
        issuer=f"HỘI ĐỒNG NHÂN DÂN\nTỈNH {province.upper()}",
        number=f"Số: {index + 1}/{year}/{code}",
        place_date=f"{province}, ngày {day} tháng {month} năm {year}",
        doc_type=doc_type,
        title=rng.choice(SUBJECTS).format(y=year, k=1 + index % 12),
        body=body,
        table=table,
        signer=rng.choice(SIGNERS),
    )


MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"


def write_pdf(path: Path, content: Content, pages: int) -> int:
    from fpdf import FPDF

    pdf = FPDF(format="A4", unit="pt")
    pdf.set_margins(56, 48, 48)
    pdf.set_auto_page_break(True, margin=48)
    pdf.add_font("Serif", "", str(FONT_DIR / "DejaVuSerif.ttf"))
    pdf.add_font("Serif", "B", str(FONT_DIR / "DejaVuSerif-Bold.ttf"))
    pdf.add_font("Serif", "I", str(FONT_DIR / "DejaVuSerif-Italic.ttf"))
    pdf.add_page()
    # The letterhead: two columns side by side, as every council document sets it.
    top = pdf.get_y()
    pdf.set_font("Serif", "B", 11)
    pdf.multi_cell(190, 15, content.issuer, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_xy(250, top)
    pdf.multi_cell(290, 15, MOTTO, align="C", new_x="LMARGIN", new_y="NEXT")
    top = max(pdf.get_y(), top + 40) + 6
    pdf.set_xy(56, top)
    pdf.set_font("Serif", "", 11)
    pdf.multi_cell(190, 15, content.number, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_xy(250, top)
    pdf.set_font("Serif", "I", 11)
    pdf.multi_cell(290, 15, content.place_date, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(14)
    pdf.set_font("Serif", "B", 13)
    pdf.multi_cell(0, 17, content.doc_type, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(
        0,
        17,
        content.title[:1].upper() + content.title[1:],
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(8)
    for i, paragraph in enumerate(content.body):
        if pdf.page_no() >= pages and i > 2:
            break
        pdf.set_font("Serif", "", 12)
        pdf.multi_cell(0, 16, paragraph, align="J" if i % 3 else "L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
        if content.table is not None and i == 2:
            pdf.set_font("Serif", "", 10)
            with pdf.table(col_widths=(30, 240, 100, 70)) as table:
                for row in content.table:
                    cells = table.row()
                    for cell in row:
                        cells.cell(cell)
            pdf.ln(6)
    pdf.set_font("Serif", "B", 12)
    pdf.set_x(330)
    pdf.multi_cell(
        200,
        16,
        f"TM. HỘI ĐỒNG NHÂN DÂN\nCHỦ TỊCH\n\n\n{content.signer}",
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.output(str(path))
    return pdf.page_no()


def write_docx(path: Path, content: Content) -> None:
    import docx

    document = docx.Document()
    header = document.add_table(rows=2, cols=2)
    header.cell(0, 0).text = content.issuer
    header.cell(0, 1).text = MOTTO
    header.cell(1, 0).text = content.number
    header.cell(1, 1).text = content.place_date
    document.add_paragraph(content.doc_type).runs[0].bold = True
    document.add_paragraph(content.title)
    for i, paragraph in enumerate(content.body):
        document.add_paragraph(paragraph)
        if content.table is not None and i == 2:
            table = document.add_table(rows=len(content.table), cols=len(content.table[0]))
            for r, row in enumerate(content.table):
                for c, cell in enumerate(row):
                    table.cell(r, c).text = cell
    document.add_paragraph(f"TM. HỘI ĐỒNG NHÂN DÂN\nCHỦ TỊCH\n{content.signer}")
    document.core_properties.title = f"{content.doc_type} {content.number}"
    document.save(str(path))


def write_html(path: Path, content: Content) -> None:
    e = html.escape
    body = "\n".join(f"<p>{e(p)}</p>" for p in content.body)
    if content.table is not None:
        rows = "".join(
            "<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>" for row in content.table
        )
        body += f"\n<table>{rows}</table>"
    nav = "".join(f'<li><a href="/{i}">Chuyên mục {i}</a></li>' for i in range(12))
    path.write_text(
        f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>{e(content.doc_type.title())} {e(content.number)}</title></head>
<body><header><nav><ul><li><a href="/">Trang chủ</a></li>{nav}</ul></nav></header>
<main><article><h1>{e(content.doc_type)} {e(content.title)}</h1>
<p class="meta">{e(content.place_date)}</p>
<p>{e(content.issuer.replace(chr(10), " "))} ban hành {e(content.number)}.</p>
{body}
<p><strong>{e(content.signer)}</strong></p></article></main>
<footer><p>Bản quyền thuộc Cổng thông tin điện tử tỉnh. Ghi rõ nguồn khi phát hành lại.</p></footer>
</body></html>
""",
        encoding="utf-8",
    )


def write_txt(path: Path, content: Content) -> None:
    lines = [
        content.issuer.replace("\n", " ") + "    " + MOTTO.replace("\n", " - "),
        content.number + "    " + content.place_date,
        "",
        content.doc_type,
        content.title,
        "",
        *content.body,
        "",
        "TM. HỘI ĐỒNG NHÂN DÂN",
        "CHỦ TỊCH",
        content.signer,
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def generate(out: Path, count: int, seed: int = 1, small: bool = False) -> list[dict[str, object]]:
    """Write `count` documents into `out` (reusing a complete earlier run with the same
    arguments) and return the manifest entries."""
    manifest_path = out / ".manifest.json"  # hidden: ingest ignores it
    key = {"count": count, "seed": seed, "small": small, "version": 3}
    if manifest_path.is_file():
        manifest = json.loads(manifest_path.read_text("utf-8"))
        if manifest.get("key") == key:
            return list(manifest["files"])
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    pool = paragraphs()
    files: list[dict[str, object]] = []
    for index, spec in enumerate(plan(count, rng, small)):
        path = out / spec.name
        chars = CHARS_PER_PAGE * spec.pages if spec.fmt == "pdf" else rng.randint(1500, 5000)
        if small:
            chars = min(chars, 1500)
        content = compose(index, chars, pool, rng)
        pages = 1
        if spec.fmt == "pdf":
            pages = write_pdf(path, content, spec.pages)
        elif spec.fmt == "docx":
            write_docx(path, content)
        elif spec.fmt == "html":
            write_html(path, content)
        else:
            write_txt(path, content)
        files.append({"name": spec.name, "format": spec.fmt, "pages": pages})
    manifest_path.write_text(
        json.dumps({"key": key, "files": files}, ensure_ascii=False, indent=0), "utf-8"
    )
    return files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--small", action="store_true", help="one-page documents only")
    args = parser.parse_args()
    files = generate(args.out, args.count, args.seed, args.small)
    by_format: dict[str, list[int]] = {}
    for f in files:
        by_format.setdefault(str(f["format"]), []).append(int(str(f["pages"])))
    for fmt, pages in sorted(by_format.items()):
        print(f"{fmt}: {len(pages)} files, {sum(pages)} pages")


if __name__ == "__main__":
    main()
