"""The `hoso` command: a thin layer over the flows and the index that only presents.

Errors reach the user as one line (`hoso: error: …`, exit status 1), never as a traceback.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from core.errors import HosoError, UsageError
from core.records import (
    TASK_KINDS,
    TASK_ROLES,
    Explanation,
    Failure,
    FileStatus,
    IngestSummary,
    ListEntry,
    SearchHit,
    SearchQuery,
    Sort,
    to_json_dict,
)
from core.settings import Settings

# Prefect is chatty and its ephemeral server reports telemetry; the CLI is quiet unless -v.
_QUIET_PREFECT = {
    "PREFECT_LOGGING_LEVEL": "ERROR",
    "PREFECT_SERVER_LOGGING_LEVEL": "ERROR",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_LOGGING_TO_API_ENABLED": "false",
}
# The temporary API server creates its database on first use; on a busy machine that takes longer
# than Prefect's default 20 s wait.
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")


def _echo_json(data: Any) -> None:
    click.echo(json.dumps(to_json_dict(data), ensure_ascii=False, indent=2))


@contextmanager
def _index(ctx: click.Context) -> Iterator[Any]:
    from index import open_index

    index = open_index(ctx.obj)
    try:
        yield index
    finally:
        index.close()


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where the catalog, records and index live [env HOSO_DATA_DIR; default: per-user data dir].",
)
@click.version_option(package_name="hoso")
@click.pass_context
def cli(ctx: click.Context, data_dir: Path | None) -> None:
    """hoso: ingest and search the archives of Vietnamese People's Councils (HĐND)."""
    ctx.obj = Settings.load(data_dir=data_dir)


def _quiet_prefect(verbose: bool) -> None:
    if not verbose:
        for key, value in _QUIET_PREFECT.items():
            os.environ.setdefault(key, value)


def _summary_line(summary: IngestSummary) -> str:
    return (
        f"indexed {summary.indexed} · copies linked {summary.linked} · "
        f"unchanged {summary.unchanged} · failed {summary.failed} · removed {summary.removed}"
    )


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("-v", "--verbose", is_flag=True, help="Show Prefect's flow and task logs.")
@click.option("--batch-size", type=click.IntRange(1, 1000), default=None, help="Files per task.")
@click.pass_context
def ingest(
    ctx: click.Context, paths: tuple[Path, ...], verbose: bool, batch_size: int | None
) -> None:
    """Ingest files and folders: extract, enrich and index every new or changed file."""
    _quiet_prefect(verbose)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from ingest.workers import ExtractionPool

    settings: Settings = ctx.obj
    if batch_size is not None:
        settings = dataclasses.replace(settings, batch_size=batch_size)
    # Started first: the workers load their parsers while Prefect is imported and starts its
    # temporary API server.
    pool = ExtractionPool.from_settings(settings)
    from flows.ingest import ingest as ingest_flow

    with (
        pool,
        Progress(
            TextColumn("extracting"),
            BarColumn(),
            MofNCompleteColumn(),
            console=_stderr_console(),
            transient=True,
            disable=not sys.stderr.isatty(),
        ) as bar,
    ):
        task_id = bar.add_task("extract", total=None)

        def progress(done: int, total: int) -> None:
            bar.update(task_id, completed=done, total=total)

        summary = ingest_flow(
            paths=[str(p) for p in paths],
            data_dir=str(settings.data_dir),
            batch_size=batch_size,
            progress=progress,
            pool=pool,
        )
    click.echo(_summary_line(summary))
    _echo_failures(summary.failures)


@cli.command()
@click.argument(
    "paths", nargs=-1, required=True, type=click.Path(exists=True, file_okay=False, path_type=Path)
)
@click.option(
    "--settle",
    type=click.FloatRange(0),
    default=2.0,
    show_default=True,
    help="Seconds a file's size and mtime must stay unchanged before it is ingested.",
)
@click.option(
    "--scan-interval",
    type=click.FloatRange(1),
    default=300.0,
    show_default=True,
    help="Seconds between full reconciliation scans (catches what events miss).",
)
@click.option("--poll", is_flag=True, help="Poll for changes instead of file events (NFS/SMB).")
@click.option("-v", "--verbose", is_flag=True, help="Show Prefect's flow and task logs.")
@click.pass_context
def watch(
    ctx: click.Context,
    paths: tuple[Path, ...],
    settle: float,
    scan_interval: float,
    poll: bool,
    verbose: bool,
) -> None:
    """Keep folders searchable: ingest files as they are added, changed, moved or deleted.
    Stops cleanly on Ctrl-C or SIGTERM."""
    _quiet_prefect(verbose)
    import datetime as dt

    from flows.watch import watch as watch_flow

    def report(summary: IngestSummary) -> None:
        stamp = dt.datetime.now().strftime("%H:%M:%S")
        click.echo(f"{stamp} {_summary_line(summary)}")
        _echo_failures(summary.failures)

    click.echo(f"watching {', '.join(str(p) for p in paths)} (Ctrl-C stops)")
    watch_flow(
        paths=[str(p) for p in paths],
        data_dir=str(ctx.obj.data_dir),
        settle=settle,
        scan_interval=scan_interval,
        poll=poll,
        on_batch=report,
    )
    click.echo("stopped")


@cli.command()
@click.option(
    "--reextract", is_flag=True, help="Extract every file again (after extractors improve)."
)
@click.option(
    "--rollback", is_flag=True, help="Swap back to the generation the last re-index replaced."
)
@click.option("-v", "--verbose", is_flag=True, help="Show Prefect's flow and task logs.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.pass_context
def reindex(
    ctx: click.Context, reextract: bool, rollback: bool, verbose: bool, as_json: bool
) -> None:
    """Rebuild the search index from the stored records beside the live one, verify it, swap it
    in atomically. Searches keep working throughout."""
    if rollback:
        with _index(ctx) as index:
            name = index.rollback_generation()
        click.echo(f"live generation is now {name}")
        return
    _quiet_prefect(verbose)
    from flows.reindex import reindex as reindex_flow

    # The deployment retries a failed nightly run later; at the terminal, fail at once.
    run_once = reindex_flow.with_options(retries=0)
    report = run_once(data_dir=str(ctx.obj.data_dir), reextract=reextract)
    if as_json:
        _echo_json(report)
        return
    click.echo(_summary_line(report.refreshed))
    _echo_failures(report.refreshed.failures)
    click.echo(
        f"live generation {report.generation} ({report.documents} documents, "
        f"{report.verified_searches} verification searches); previous: {report.previous}"
    )


def _stderr_console() -> Any:
    from rich.console import Console

    return Console(stderr=True)


def _echo_failures(failures: list[Failure]) -> None:
    for f in failures:
        click.echo(f"  failed: {f.path}: {f.error}")


_BOLD = re.compile(r"<b>(.*?)</b>", re.S)


def _render_snippet(html: str) -> str:
    import html as html_lib

    text = _BOLD.sub(lambda m: click.style(m.group(1), bold=True), html)
    return html_lib.unescape(" ".join(text.split()))


@cli.command()
@click.argument("query", default="")
@click.option("--limit", type=click.IntRange(0, 1000), default=10, show_default=True)
@click.option("--offset", type=click.IntRange(0), default=0, show_default=True)
@click.option(
    "--type", "doc_type", default=None, help='Only this document type, e.g. "Nghị quyết".'
)
@click.option(
    "--format", "file_format", default=None, help="Only this file format (pdf, docx, html, text…)."
)
@click.option("--year", type=int, default=None, help="Only documents issued in this year.")
@click.option(
    "--issuer",
    default=None,
    help='Only issuers whose name holds these words in this order, e.g. "HĐND tỉnh".',
)
@click.option(
    "--body",
    default=None,
    help="Only documents mentioning a body whose name holds these words in this order.",
)
@click.option(
    "--session", default=None, help='Only documents of this session, e.g. "kỳ họp thứ 10".'
)
@click.option("--term", default=None, help='Only documents of this term, e.g. "2021-2026".')
@click.option(
    "--number", default=None, help='The document with this number, e.g. "12/2019/NQ-HĐND".'
)
@click.option(
    "--from", "date_from", default=None, help="Issued on or after this date (YYYY[-MM[-DD]])."
)
@click.option(
    "--to", "date_to", default=None, help="Issued on or before this date (YYYY[-MM[-DD]])."
)
@click.option(
    "--sort",
    type=click.Choice([s.value for s in Sort]),
    default=Sort.RELEVANCE.value,
    show_default=True,
    help="Order: relevance, or the issue date (newest, oldest; undated documents last).",
)
@click.option(
    "--all",
    "all_words",
    is_flag=True,
    help="Every word must occur (as if each were written +word), not only most of them.",
)
@click.option(
    "--explain", is_flag=True, help="Show per hit which words, phrases and fields matched."
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_context
def search(
    ctx: click.Context,
    query: str,
    limit: int,
    offset: int,
    doc_type: str | None,
    file_format: str | None,
    year: int | None,
    issuer: str | None,
    body: str | None,
    session: str | None,
    term: str | None,
    number: str | None,
    date_from: str | None,
    date_to: str | None,
    sort: str,
    all_words: bool,
    explain: bool,
    as_json: bool,
) -> None:
    """Search the archive, best first: documents with every word, then those with most of them.
    "quoted phrases", +required words, -exclusions and OR groups work; diacritics are
    optional."""
    request = SearchQuery(
        text=query,
        limit=limit,
        offset=offset,
        doc_type=doc_type,
        format=file_format,
        year=year,
        issuer=issuer,
        body=body,
        session=session,
        term=term,
        number=number,
        date_from=date_from,
        date_to=date_to,
        sort=Sort(sort),
        all_words=all_words,
        explain=explain,
    )
    with _index(ctx) as index:
        result = index.search(request)
    if as_json:
        _echo_json(result)
        return
    click.echo(f"{result.total} documents")
    _echo_hits(result.hits, offset)


def _echo_hits(hits: list[SearchHit], offset: int = 0) -> None:
    for rank, hit in enumerate(hits, start=offset + 1):
        meta = " · ".join(v for v in (hit.doc_type, hit.issued_date) if v)
        click.echo(
            f"{rank:>3}. {click.style(hit.title, bold=True)}" + (f"  [{meta}]" if meta else "")
        )
        click.echo(f"     {hit.id}  {hit.path}")
        for snippet in hit.snippets:
            click.echo(f"     {_render_snippet(snippet)}")
        if hit.explanation is not None:
            for line in _explanation_lines(hit.explanation):
                click.echo(f"     {line}")


def _explanation_lines(why: Explanation) -> list[str]:
    lines = [f"matched: {', '.join(why.words) or '-'}"]
    if why.missing:
        lines.append(f"missing: {', '.join(why.missing)}")
    if why.phrases:
        lines.append("together: " + ", ".join(f'"{p}"' for p in why.phrases))
    lines += [f"in {field}: {', '.join(words)}" for field, words in why.fields.items()]
    return lines


@cli.command()
@click.argument("doc_id")
@click.option("--limit", type=click.IntRange(0, 1000), default=10, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_context
def similar(ctx: click.Context, doc_id: str, limit: int, as_json: bool) -> None:
    """The documents most like one document (its most distinctive words), best first."""
    with _index(ctx) as index:
        result = index.similar(doc_id, limit=limit)
    if as_json:
        _echo_json(result)
        return
    click.echo(f"{result.total} documents")
    _echo_hits(result.hits)


@cli.command()
@click.argument("doc_id")
@click.option("--json", "as_json", is_flag=True, help="Print the full record as JSON.")
@click.pass_context
def show(ctx: click.Context, doc_id: str, as_json: bool) -> None:
    """Show one document: its metadata and full text."""
    with _index(ctx) as index:
        doc = index.get_document(doc_id)
    if doc is None:
        raise UsageError(f"no document with id {doc_id!r} (ids are listed by `hoso list`)")
    if as_json:
        click.echo(json.dumps(doc.to_json_dict(), ensure_ascii=False, indent=2))
        return
    fields = [
        ("id", doc.id),
        ("title", doc.title),
        ("type", doc.doc_type),
        ("number", doc.doc_number),
        ("issuer", doc.issuer),
        ("issued", ", ".join(v for v in (doc.place, doc.issued_date) if v)),
        ("signer", f"{doc.signer.role or ''} {doc.signer.name}".strip() if doc.signer else None),
        ("session", ", ".join(v for v in (doc.session, doc.term) if v)),
        ("format", doc.format),
        ("sha256", doc.sha256),
    ]
    for name, value in fields:
        if value:
            click.echo(f"{name:>8}: {value}")
    for path in doc.paths:
        click.echo(f"{'path':>8}: {path}")
    for tc in doc.task_counts:
        share = f"/{tc.total:g}" if tc.total else ""
        percent = f" ({tc.percent:g}%)" if tc.percent is not None else ""
        click.echo(f"{'count':>8}: {tc.role} {tc.number:g}{share}{percent} {tc.unit}")
    click.echo("")
    click.echo(doc.text)


def _list_entries(index: Any, status: FileStatus | None) -> list[ListEntry]:
    entries = []
    for f in index.files(status=status):
        doc = index.get_document(f.doc_id) if f.doc_id else None
        entries.append(
            ListEntry(
                id=f.doc_id,
                path=f.path,
                title=doc.title if doc else None,
                format=f.format,
                status=f.status,
                members=f.members,
            )
        )
    return entries


@cli.command("list")
@click.option(
    "--status",
    type=click.Choice([s.value for s in FileStatus]),
    default=None,
    help="Only files in this state.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the list as JSON.")
@click.pass_context
def list_(ctx: click.Context, status: str | None, as_json: bool) -> None:
    """List the files in the catalog with their state and document."""
    with _index(ctx) as index:
        entries = _list_entries(index, FileStatus(status) if status else None)
    if as_json:
        _echo_json(entries)
        return
    for e in entries:
        click.echo(f"{e.status.value:<9} {e.id or '-':<16} {e.format or '-':<5} {e.path}")
        if e.title:
            click.echo(f"{'':<33}{e.title[:100]}")
        elif e.members is not None:
            click.echo(f"{'':<33}archive of {e.members} members")


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print the status as JSON.")
@click.pass_context
def status(ctx: click.Context, as_json: bool) -> None:
    """Counts of files by state, the number of documents, and every failure with its reason."""
    from reports.status import status as status_report

    with _index(ctx) as index:
        report = status_report(index)
    if as_json:
        _echo_json(report)
        return
    click.echo(f"documents: {report.documents}")
    click.echo("files: " + " · ".join(f"{k} {v}" for k, v in report.files.items()))
    _echo_failures(report.failures)


@cli.command()
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on. Beyond localhost a token is required (HOSO_API_TOKEN).",
)
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option(
    "--no-token",
    is_flag=True,
    help="Serve without a token, even beyond localhost (trusted networks only).",
)
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, no_token: bool) -> None:
    """Start the web application: search, documents, facts and status pages, and a JSON API."""
    import uvicorn

    from hoso.web.app import create_app

    app = create_app(ctx.obj, host=host, no_token=no_token)
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"hoso: serving on http://{shown}:{port}/ (Ctrl+C stops)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)


@cli.group()
def facts() -> None:
    """The facts extracted from the documents."""


@facts.command("export")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to this file instead of standard output.",
)
@click.option(
    "--role",
    type=click.Choice(TASK_ROLES),
    default=None,
    help="Only counts with this role (what happened to the counted items).",
)
@click.option(
    "--kind",
    type=click.Choice(TASK_KINDS),
    default=None,
    help="Only counts of this kind: task, indicator or activity.",
)
@click.pass_context
def facts_export(
    ctx: click.Context, output: Path | None, role: str | None, kind: str | None
) -> None:
    """Every task count of every document as CSV, newest document first (document, title, type,
    date, body, year, role, kind, number, total, percent, unit, period, sentence): the web app's
    export, for spreadsheets."""
    from reports.exports import facts_csv
    from reports.facts import row_matches, summarize, task_count_rows

    with _index(ctx) as index:
        docs = [doc for i in index.document_ids() if (doc := index.get_document(i)) is not None]
    rows = [
        row
        for row in task_count_rows(summarize(doc) for doc in docs)
        if row_matches(row, {"role": role, "kind": kind})
    ]
    text = facts_csv(rows)
    if output:
        output.write_text(text, encoding="utf-8", newline="")
    else:
        click.echo(text, nl=False)


@facts.command("completion")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.pass_context
def facts_completion(ctx: click.Context, as_json: bool) -> None:
    """How well each council did its work: completed of due work items by council and year,
    from the task counts that say where the work stands."""
    from reports.completion import completion_by_council

    with _index(ctx) as index:
        docs = [d for i in sorted(index.document_ids()) if (d := index.get_document(i))]
    points = completion_by_council(docs)
    if as_json:
        _echo_json(points)
        return
    for p in points:
        click.echo(
            f"{p.council}\t{p.year}\t{p.completed:g}/{p.total:g}\t{p.percent}%"
            f"\t{len(p.documents)} document(s)"
        )


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print the failures as JSON.")
@click.pass_context
def failures(ctx: click.Context, as_json: bool) -> None:
    """Files that failed or were skipped, each with its reason."""
    from reports.status import failures as problem_files

    with _index(ctx) as index:
        found = problem_files(index.files())
    if as_json:
        _echo_json(found)
        return
    for f in found:
        click.echo(f"{f.status.value:<8} {f.path}\n         {f.error}")
    click.echo(f"{len(found)} files")


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("-v", "--verbose", is_flag=True, help="Show Prefect's flow and task logs.")
@click.pass_context
def retry(ctx: click.Context, paths: tuple[Path, ...], verbose: bool) -> None:
    """Try failed, skipped and parked files again (all of them, or those under PATHS)."""

    with _index(ctx) as index:
        wanted = [
            f
            for f in index.files()
            if f.status in (FileStatus.FAILED, FileStatus.SKIPPED)
            and (
                not paths
                or any(
                    Path(f.path).is_relative_to(p.absolute())
                    or f.path.startswith(f"{p.absolute()}!/")  # a member of an archive named
                    for p in paths
                )
            )
        ]
        index.put_files(
            dataclasses.replace(f, status=FileStatus.PENDING, attempts=0, error=None)
            for f in wanted
        )
    if not wanted:
        click.echo("nothing to retry")
        return
    _quiet_prefect(verbose)
    from flows.ingest import ingest as ingest_flow

    summary = ingest_flow(paths=[f.path for f in wanted], data_dir=str(ctx.obj.data_dir))
    click.echo(_summary_line(summary))
    _echo_failures(summary.failures)


@cli.command()
@click.option("--repair", is_flag=True, help="Fix what can be fixed (see the problems listed).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.pass_context
def check(ctx: click.Context, repair: bool, as_json: bool) -> None:
    """Verify that the catalog, the stored records and the search index agree."""
    from ingest.check import check as run_check

    with _index(ctx) as index:
        report = run_check(index, repair=repair, lease_seconds=ctx.obj.lease_seconds)
    if as_json:
        _echo_json(report)
    else:
        click.echo(f"{report.files} files, {report.documents} documents")
        for problem in report.problems:
            click.echo(f"  {problem}")
        click.echo(
            "repaired"
            if report.repaired
            else ("consistent" if not report.problems else "run `hoso check --repair` to fix")
        )
    if report.problems and not report.repaired:
        sys.exit(1)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the `hoso` console script."""
    _run(lambda: cli.main(args=argv, prog_name="hoso", standalone_mode=False))


def _run(command: Callable[[], object]) -> None:
    try:
        command()
    except click.exceptions.Abort:
        click.echo("hoso: aborted", err=True)
        sys.exit(130)
    except click.ClickException as e:
        e.show()
        sys.exit(e.exit_code)
    except HosoError as e:
        click.echo(f"hoso: error: {e}", err=True)
        sys.exit(1)
    except Exception as e:  # the promise: never a traceback for users
        if os.environ.get("HOSO_DEBUG"):
            raise
        click.echo(
            f"hoso: internal error: {type(e).__name__}: {e} (HOSO_DEBUG=1 shows details)", err=True
        )
        sys.exit(2)
