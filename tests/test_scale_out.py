"""Scale out: one archive, many workers. On one machine: a real Prefect server, an
Elasticsearch-compatible server, `prefect deploy --all`, and two workers serving the pool's
`batches` queue ingest one folder together — every file indexed once, both workers did part of
it; then one worker is killed mid-run (SIGKILL of its whole process tree) and the other finishes
its files. Also the pieces: the lease of a claim from another host, back-pressure on 429.

The workers are separate processes that build their Elasticsearch clients inside hoso. The
stand-in server (osmem-server) refuses the client's versioned media type, so their Python
processes load a generated, test-only `sitecustomize` (`SITE` below) that makes the client use
`es_transport.JsonMediaTypeNode`; it also records which worker ran which flow run. Against a
real cluster (HOSO_TEST_ELASTICSEARCH_URL) nothing is rewritten.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import json
import os
import random
import re
import signal
import socket
import subprocess
import time
import urllib.request
import uuid
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from conftest import ElasticsearchTarget
from es_transport import JsonMediaTypeNode, Throttle
from factories import entry, make_doc
from servers import PREFECT, deploy, prefect, prefect_server

from core.errors import BackendError, UsageError
from core.records import Document, FileEntry, FileStatus, SearchQuery
from core.settings import Settings
from flows import batches
from index.elasticsearch import ElasticsearchIndex
from index.elasticsearch import client as es_client
from ingest import pipeline, tally
from ingest.claim import claimed_by_another, stale_claims

ROOT = Path(__file__).resolve().parents[1]
TESTS = ROOT / "tests"
WORKER = [*PREFECT, "worker", "start", "--pool", "hoso"]
SAMPLE = ROOT / "samples" / "NQ84-2017-nq-hdnd_ha-giang.txt"

SITE = '''\
"""Test-only, written by tests/test_scale_out.py: the Python processes of its Prefect workers
load this first. Nothing of it is in hoso."""
import os

if os.environ.get("HOSO_TEST_JSON_MEDIA_TYPE"):
    import es_transport

    es_transport.use_json_media_type_by_default()
if os.environ.get("HOSO_TEST_RUN_LOG") and os.environ.get("PREFECT__FLOW_RUN_ID"):
    with open(os.environ["HOSO_TEST_RUN_LOG"], "a", encoding="utf-8") as log:
        log.write(f"{os.environ['HOSO_TEST_WORKER']} {os.environ['PREFECT__FLOW_RUN_ID']}\\n")
'''


# -- a pool of workers on one machine ----------------------------------------------------------
def make_inbox(folder: Path, count: int, tag: str) -> dict[str, str]:
    """`count` distinct council texts of about a page: the heading of a real resolution
    (samples/), then 600 of its words in an order of each file's own, so every passage is in
    one file only (as `hoso reindex` verifies a generation by). Returns file name → a phrase
    only that file contains."""
    folder.mkdir(parents=True)
    lines = SAMPLE.read_text("utf-8").splitlines()
    heading, vocabulary = "\n".join(lines[2:7]), re.findall(r"[^\W\d_]+", "\n".join(lines))
    phrases = {}
    for i in range(count):
        phrase = f"Nghị quyết số {i}/{tag}-HĐND"
        words = random.Random(f"{tag}-{i}").choices(vocabulary, k=600)
        body = "\n".join(" ".join(words[j : j + 15]) + "." for j in range(0, len(words), 15))
        (folder / f"nq-{i:04d}.txt").write_text(f"{phrase}.\n{heading}\n{body}\n", "utf-8")
        phrases[f"nq-{i:04d}.txt"] = phrase
    return phrases


def descendants(pid: int) -> list[int]:
    """Every live process below `pid` (children first found first), from /proc."""
    parents: dict[int, int] = {}
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                stat = (proc / "stat").read_text()
            except OSError:
                continue
            parents[int(proc.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, frontier = [], [pid]
    while frontier:
        children = [p for p, parent in parents.items() if parent in frontier]
        found += children
        frontier = children
    return found


def kill_tree(pid: int) -> None:
    """SIGKILL a process and everything it started, also what runs in sessions of its own (a
    Prefect worker starts each flow run in a new session): a host dying, as far as one machine
    can show it. Stopped first, so nothing spawns or reaps in between."""
    tree = [pid, *descendants(pid)]
    for p in tree:
        with contextlib.suppress(ProcessLookupError):
            os.kill(p, signal.SIGSTOP)
    for p in [*tree, *descendants(pid)]:
        with contextlib.suppress(ProcessLookupError):
            os.kill(p, signal.SIGKILL)


def started_by(pid: int, ancestor: int) -> bool:
    """Whether process `pid` descends from `ancestor`."""
    while pid > 1:
        if pid == ancestor:
            return True
        try:
            pid = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError):
            return False
    return False


@dataclass
class Pool:
    """prefect.yaml deployed on a Prefect server, the workers serving its `hoso` pool, and the
    Elasticsearch catalog (`url`, `prefix`) they share. Every process gets `SITE` first."""

    env: dict[str, str]
    root: Path
    url: str
    prefix: str
    node_class: type[Any]
    workers: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    @classmethod
    def create(
        cls,
        root: Path,
        server: dict[str, str],
        url: str,
        prefix: str,
        node_class: type[Any],
        **hoso: str,
    ) -> Pool:
        """Write the test-only sitecustomize, create the work pool, deploy prefect.yaml."""
        site = root / "site"
        site.mkdir(parents=True)
        (site / "sitecustomize.py").write_text(SITE, "utf-8")
        env = {
            **server,
            "PYTHONPATH": os.pathsep.join([str(site), str(TESTS)]),
            "HOSO_TEST_RUN_LOG": str(root / "runs.log"),
            "HOSO_CHECKOUT": str(ROOT),
            "HOSO_INBOX": str(root / "inbox"),
            "HOSO_DATA_DIR": str(root / "data"),
            "HOSO_ELASTICSEARCH_URL": url,
            "HOSO_ELASTICSEARCH_INDEX_PREFIX": prefix,
            # Workers look for runs every second (default 10): the test waits less.
            "PREFECT_WORKER_QUERY_SECONDS": "1",
            **hoso,
        }
        if node_class is JsonMediaTypeNode:
            env["HOSO_TEST_JSON_MEDIA_TYPE"] = "1"
        pool = cls(env, root, url, prefix, node_class)
        deploy(env)
        return pool

    @property
    def api(self) -> str:
        return self.env["PREFECT_API_URL"]

    def prefect(self, *args: str, timeout: float = 120) -> str:
        return prefect(self.env, *args, timeout=timeout)

    def start_worker(self, name: str) -> None:
        """A worker for batch runs, one at a time (as one per host would run)."""
        with (self.root / f"{name}.log").open("wb") as log:
            self.workers[name] = subprocess.Popen(
                [*WORKER, "--work-queue", "batches", "--limit", "1", "--name", name],
                env={**self.env, "HOSO_TEST_WORKER": name},
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def stop_worker(self, name: str) -> None:
        """Kill a worker and everything it started (SIGKILL)."""
        process = self.workers.pop(name)
        if process.poll() is None:
            kill_tree(process.pid)
        process.wait(timeout=30)

    def close(self) -> None:
        for name in list(self.workers):
            self.stop_worker(name)

    def run(self, deployment: str, **parameters: Any) -> tuple[str, subprocess.Popen[bytes]]:
        """Start a flow run of `deployment` and the coordinator worker that runs it (the
        `default` queue, until that run is over); returns the run's id and the coordinator."""
        args = [f"{k}={json.dumps(v)}" for k, v in parameters.items()]
        out = self.prefect("deployment", "run", deployment, *[a for p in args for a in ("-p", p)])
        run_id = re.search(r"UUID: ([0-9a-f-]{36})", out)
        assert run_id, out
        with (self.root / "coordinator.log").open("ab") as log:
            coordinator = subprocess.Popen(
                [*WORKER, "--work-queue", "default", "--run-once", "--name", "coordinator"],
                env={**self.env, "HOSO_TEST_WORKER": "coordinator"},
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        return run_id.group(1), coordinator

    def wait(
        self, run_id: str, coordinator: subprocess.Popen[bytes], timeout: float
    ) -> dict[str, Any]:
        """Wait for the coordinator to be done with the run; returns the run, which must have
        completed."""
        try:
            coordinator.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            kill_tree(coordinator.pid)
            coordinator.wait(timeout=30)
            raise AssertionError((self.root / "coordinator.log").read_text()[-3000:]) from None
        run = self.flow_run(run_id)
        assert run["state"]["type"] == "COMPLETED", (
            run["state"],
            (self.root / "coordinator.log").read_text()[-3000:],
        )
        return run

    def post(self, path: str, body: dict[str, Any]) -> Any:
        request = urllib.request.Request(
            f"{self.api}/{path}",
            data=json.dumps(body).encode(),
            headers={"content-type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=30) as answer:
            return json.loads(answer.read())

    def flow_run(self, run_id: str) -> dict[str, Any]:
        with urllib.request.urlopen(f"{self.api}/flow_runs/{run_id}", timeout=30) as answer:
            return dict(json.loads(answer.read()))

    def batch_runs(self, parent: str) -> list[dict[str, Any]]:
        """The `ingest-batch` flow runs a parent run submitted."""
        runs = self.post(
            "flow_runs/filter",
            {"flows": {"name": {"any_": ["ingest-batch"]}}, "limit": 200},
        )
        tasks = self.post(
            "task_runs/filter", {"flow_runs": {"id": {"any_": [parent]}}, "limit": 200}
        )
        own = {t["id"] for t in tasks}
        return [r for r in runs if r["parent_task_run_id"] in own]

    def counts(self, runs: list[str], key: str) -> dict[str, int]:
        """Files by outcome ("new", "updated", …) summed over the `key` artifacts of `runs`."""
        artifacts = self.post(
            "artifacts/filter",
            {"artifacts": {"key": {"any_": [key]}, "flow_run_id": {"any_": runs}}, "limit": 200},
        )
        total: dict[str, int] = {}
        for artifact in artifacts:
            data = artifact["data"]
            for row in json.loads(data) if isinstance(data, str) else data:
                total[row["outcome"]] = total.get(row["outcome"], 0) + row["files"]
        return total

    def workers_of(self, runs: list[dict[str, Any]]) -> dict[str, str]:
        """flow run id → the worker that ran it (as the test-only sitecustomize recorded)."""
        ran = {}
        for line in (self.root / "runs.log").read_text().splitlines():
            worker, run_id = line.split(" ")
            ran[run_id] = worker
        return {r["id"]: ran.get(r["id"], "?") for r in runs}

    def open_index(self) -> ElasticsearchIndex:
        settings = Settings.load(
            data_dir=self.root / "reader",
            elasticsearch_url=self.url,
            elasticsearch_index_prefix=self.prefix,
        )
        return ElasticsearchIndex.from_settings(
            settings, retries=2, backoff=0.05, node_class=self.node_class
        )


@pytest.fixture(scope="module")
def pool(
    elasticsearch_target: ElasticsearchTarget, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Pool]:
    root = tmp_path_factory.mktemp("scale-out")
    prefix = elasticsearch_target.new_prefix()
    with prefect_server(tmp_path_factory.mktemp("prefect-home")) as server:
        result = Pool.create(
            root,
            server,
            elasticsearch_target.url,
            prefix,
            elasticsearch_target.node_class,
            HOSO_WORKERS="1",
            HOSO_BATCH_SIZE="4",
        )
        for name in ("worker-a", "worker-b"):
            result.start_worker(name)
        try:
            yield result
        finally:
            result.close()
            elasticsearch_target.drop(prefix)


def assert_each_file_indexed_once(
    index: ElasticsearchIndex, inbox: Path, phrases: dict[str, str]
) -> None:
    entries = index.files(under=str(inbox))
    assert len(entries) == len(phrases)
    assert {e.status for e in entries} == {FileStatus.INDEXED}, [
        (e.path, e.status, e.error) for e in entries if e.status != FileStatus.INDEXED
    ]
    for name in (
        "nq-0000.txt",
        f"nq-{len(phrases) // 2:04d}.txt",
        f"nq-{len(phrases) - 1:04d}.txt",
    ):
        hits = index.search(SearchQuery(text=f'"{phrases[name]}"', limit=5)).hits
        assert [h.path for h in hits] == [str(inbox / name)]


# -- two workers, one folder -------------------------------------------------------------------
TOGETHER, TOGETHER_PER_RUN = 200, 100


@pytest.mark.slow
def test_two_workers_ingest_one_folder_together(pool: Pool) -> None:
    inbox = pool.root / "inbox"
    phrases = make_inbox(inbox, TOGETHER, "A")
    started = time.monotonic()
    run_id, coordinator = pool.run(
        "ingest/ingest-folder-distributed", files_per_run=TOGETHER_PER_RUN
    )
    pool.wait(run_id, coordinator, timeout=150)
    elapsed = time.monotonic() - started

    runs = pool.batch_runs(run_id)
    assert len(runs) == TOGETHER // TOGETHER_PER_RUN
    assert {r["state"]["type"] for r in runs} == {"COMPLETED"}
    # Each file extracted and indexed by exactly one batch run …
    counts = pool.counts([r["id"] for r in runs], "ingest-batch-counts")
    assert counts["new"] + counts["updated"] == TOGETHER, counts
    # … and the batch runs shared out over both workers.
    ran_by = pool.workers_of(runs)
    assert set(ran_by.values()) == {"worker-a", "worker-b"}, ran_by

    index = pool.open_index()
    try:
        assert_each_file_indexed_once(index, inbox, phrases)
        assert index.count_documents() == TOGETHER
    finally:
        index.close()
    print(f"\n{TOGETHER} files in {elapsed:.1f} s with 2 workers")

    # The distributed re-index: the two files changed since are extracted again, in batch runs.
    changed = ["nq-0003.txt", "nq-0150.txt"]
    for name in changed:
        phrases[name] = phrases[name].replace("/A-", "/A2-")
        (inbox / name).write_text(f"{phrases[name]}.\nNội dung đã sửa đổi.", "utf-8")
    run_id, coordinator = pool.run("reindex/reindex-distributed", files_per_run=TOGETHER_PER_RUN)
    pool.wait(run_id, coordinator, timeout=120)
    [batch] = pool.batch_runs(run_id)
    assert batch["state"]["type"] == "COMPLETED"
    refreshed = pool.counts([run_id], "reindex-refresh-counts")
    assert refreshed["updated"] == len(changed) and refreshed["unchanged"] == TOGETHER - 2
    index = pool.open_index()
    try:
        assert_each_file_indexed_once(index, inbox, phrases)
        for name in changed:
            hits = index.search(SearchQuery(text=f'"{phrases[name]}"')).hits
            assert [h.path for h in hits] == [str(inbox / name)]
        assert index.count_documents() == TOGETHER  # the old contents left with their paths
    finally:
        index.close()


# -- an archive's members shared out -----------------------------------------------------------
BUNDLED, BUNDLED_PER_RUN = 12, 4


@pytest.mark.slow
def test_the_members_of_an_archive_are_shared_out_as_batch_runs(pool: Pool) -> None:
    source = pool.root / "bundle-source"
    phrases = make_inbox(source, BUNDLED, "Z")
    inbox = pool.root / "inbox-bundle"
    inbox.mkdir()
    archive = inbox / "lo-van-ban.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as bundle:
        for name in phrases:
            bundle.write(source / name, f"ho-so/{name}")
    run_id, coordinator = pool.run(
        "ingest/ingest-folder-distributed", paths=[str(inbox)], files_per_run=BUNDLED_PER_RUN
    )
    pool.wait(run_id, coordinator, timeout=150)
    runs = pool.batch_runs(run_id)
    assert len(runs) == BUNDLED // BUNDLED_PER_RUN
    assert {r["state"]["type"] for r in runs} == {"COMPLETED"}
    # Each member planned by the parent run is extracted by exactly one batch run.
    counts = pool.counts([r["id"] for r in runs], "ingest-batch-counts")
    assert counts["new"] + counts.get("updated", 0) == BUNDLED, counts
    index = pool.open_index()
    try:
        entry = index.get_file(str(archive))
        assert entry is not None
        assert (entry.status, entry.members) == (FileStatus.INDEXED, BUNDLED)
        members = index.files(under=f"{archive}!")
        assert len(members) == BUNDLED
        assert {m.status for m in members} == {FileStatus.INDEXED}
        for name in ("nq-0000.txt", f"nq-{BUNDLED - 1:04d}.txt"):
            hits = index.search(SearchQuery(text=f'"{phrases[name]}"', limit=5)).hits
            assert [h.path for h in hits] == [f"{archive}!/ho-so/{name}"]
    finally:
        index.close()


# -- a worker dies mid-run ---------------------------------------------------------------------
KILLED, KILLED_PER_RUN = 60, 20


@pytest.mark.slow
def test_a_worker_killed_mid_run_loses_nothing(pool: Pool) -> None:
    inbox = pool.root / "inbox-killed"
    phrases = make_inbox(inbox, KILLED, "B")
    index = pool.open_index()
    try:
        before = index.count_documents()
        run_id, coordinator = pool.run(
            "ingest/ingest-folder-distributed",
            paths=[str(inbox)],
            files_per_run=KILLED_PER_RUN,
        )
        victim = pool.workers["worker-a"]
        # Kill worker-a while it holds claims: its batch run is in the middle of its files.
        deadline = time.monotonic() + 120
        while True:
            assert time.monotonic() < deadline, "worker-a never claimed a file"
            assert coordinator.poll() is None, "the run ended before worker-a claimed a file"
            held = [
                e
                for e in index.files(status=FileStatus.PROCESSING)
                if e.path.startswith(str(inbox))
                and started_by(int((e.owner or ":0").rpartition(":")[2]), victim.pid)
            ]
            if held:
                break
            time.sleep(0.05)
        pool.stop_worker("worker-a")

        pool.wait(run_id, coordinator, timeout=150)
        runs = pool.batch_runs(run_id)
        # The run worker-a was in was marked Crashed and its files were submitted again …
        crashed = [r for r in runs if r["state"]["type"] == "CRASHED"]
        assert crashed and all("lost its worker" in r["state"]["message"] for r in crashed)
        again = [r for r in runs if ", attempt 2" in r["name"]]
        assert again and {r["state"]["type"] for r in again} == {"COMPLETED"}
        # … to worker-b, the only worker left, which finished everything.
        ran_by = pool.workers_of(runs)
        assert {ran_by[r["id"]] for r in again} == {"worker-b"}, ran_by
        # Nothing lost, nothing twice: every file indexed, one document per file.
        assert_each_file_indexed_once(index, inbox, phrases)
        assert index.count_documents() == before + KILLED
        for entry in index.files(under=str(inbox)):
            doc = index.get_document(entry.doc_id or "")
            assert doc is not None and doc.paths == [entry.path]
        for entry in held:  # the files in flight when it died: taken over, not lost
            now = index.get_file(entry.path)
            assert now is not None and now.status == FileStatus.INDEXED
    finally:
        index.close()


# -- the lease of a claim ----------------------------------------------------------------------
def claim_from(host: str, pid: int, seconds_ago: float) -> FileEntry:
    at = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=seconds_ago)
    return entry(
        "/archive/nq.txt",
        sha256="0" * 64,
        status=FileStatus.PROCESSING,
        owner=f"{host}:{pid}",
        updated_at=at.isoformat(),
    )


def test_a_claim_from_another_host_holds_for_the_lease() -> None:
    remote = claim_from("another-host.example", 4242, seconds_ago=5)
    assert claimed_by_another(remote, lease_seconds=600)
    assert claimed_by_another(remote, lease_seconds=10)
    assert not claimed_by_another(remote, lease_seconds=2)  # expired: take it over
    # On this host a dead process's claim is stale at once, whatever the lease.
    dead = claim_from(socket.gethostname(), 2**22 + 1, seconds_ago=0)
    assert not claimed_by_another(dead, lease_seconds=600)


def test_plan_takes_over_a_file_whose_lease_expired(tmp_path: Path) -> None:
    from index.embedded import EmbeddedIndex

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    path = inbox / "nq.txt"
    path.write_text("Nghị quyết số 7/NQ-HĐND.", "utf-8")
    index = EmbeddedIndex(tmp_path / "data")
    try:
        stat = path.stat()
        sha = hashlib.sha256(path.read_bytes()).hexdigest()
        claim = dataclasses.replace(
            claim_from("another-host.example", 4242, seconds_ago=5),
            path=str(path),
            size=stat.st_size,
            mtime_ns=stat.st_mtime_ns,
            sha256=sha,
            attempts=1,
        )
        assert index.claim(claim, None)
        assert pipeline.plan(index, [inbox], lease_seconds=600).to_extract == []
        time.sleep(1.1)  # the catalog stamps the claim with its own time
        [taken] = pipeline.plan(index, [inbox], lease_seconds=1).to_extract
        assert taken.path == str(path) and taken.attempts == 1  # the lost attempt counts
    finally:
        index.close()


def test_a_batch_run_whose_claims_outlive_the_lease_has_lost_its_worker(tmp_path: Path) -> None:
    from prefect.client.schemas.objects import FlowRun
    from prefect.states import Running

    from index.embedded import EmbeddedIndex

    index = EmbeddedIndex(tmp_path / "data")
    try:
        claim = claim_from("another-host.example", 4242, seconds_ago=0)
        assert index.claim(claim, None)
        started = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
        run = FlowRun(flow_id=uuid.uuid4(), state=Running(), start_time=started)
        piece = batches._Slice(1, [claim.path])
        # Within the lease the worker on the other host may still be at it.
        assert batches._lost_claims(run, piece, stale_claims(index, 600)) is None
        time.sleep(1.1)
        stale = stale_claims(index, 1)
        assert batches._lost_claims(run, piece, stale) == "another-host.example:4242"
        # A claim older than the run is not the run's: a previous run left it, this one takes
        # it over when it gets there.
        later = FlowRun(flow_id=uuid.uuid4(), state=Running(), start_time=dt.datetime.now(dt.UTC))
        assert batches._lost_claims(later, piece, stale) is None
    finally:
        index.close()


def test_the_lease_is_a_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HOSO_LEASE_SECONDS", raising=False)
    assert Settings.load().lease_seconds == pipeline.LEASE_SECONDS == 600
    monkeypatch.setenv("HOSO_LEASE_SECONDS", "2.5")
    assert Settings.load().lease_seconds == 2.5


def test_a_distributed_run_needs_a_shared_catalog(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="HOSO_ELASTICSEARCH_URL"):
        batches.open_shared_index(Settings.load(data_dir=tmp_path))


@pytest.mark.parametrize("force", [False, True])
def test_a_planned_file_is_done_once_this_run_wrote_its_outcome(force: bool) -> None:
    since = dt.datetime.now(dt.UTC)
    planned = entry("/a/nq.txt", 2, sha256="2" * 64)
    old = dataclasses.replace(planned, sha256="1" * 64, status=FileStatus.INDEXED)
    earlier = (since - dt.timedelta(hours=1)).isoformat()
    later = (since + dt.timedelta(seconds=1)).isoformat()
    new = dataclasses.replace(planned, status=FileStatus.INDEXED, updated_at=later)
    assert not tally.done(dataclasses.replace(old, updated_at=later), planned, force, since)
    assert not tally.done(
        dataclasses.replace(planned, status=FileStatus.PROCESSING), planned, force, since
    )
    assert tally.done(new, planned, force, since)
    assert not tally.done(None, planned, force, since)  # not even claimed yet
    # The same content indexed before this run: done already, unless re-extracting (`force`).
    same_before = dataclasses.replace(new, updated_at=earlier)
    assert tally.done(same_before, planned, force, since) is not force


def test_the_compose_file_names_real_settings_and_services() -> None:
    """deploy/compose.yaml cannot run here (no Docker engine): at least it parses, every HOSO_
    variable it sets is a setting (or one prefect.yaml reads), and the workers it starts serve
    the queues prefect.yaml deploys to."""
    import yaml

    compose = yaml.safe_load((ROOT / "deploy" / "compose.yaml").read_text("utf-8"))
    services = compose["services"]
    assert {"setup", "es01", "postgres", "prefect-server", "deployments"} <= set(services)
    known = {env for _, env, _ in Settings.help()} | {"HOSO_CHECKOUT", "HOSO_INBOX"}
    for name in ("coordinator", "worker"):
        environment = services[name]["environment"]
        assert {k for k in environment if k.startswith("HOSO_")} <= known
    assert "--work-queue default" in services["coordinator"]["command"]
    assert "--work-queue batches --limit 1" in services["worker"]["command"]
    deployments = yaml.safe_load((ROOT / "prefect.yaml").read_text("utf-8"))["deployments"]
    queues = {d["name"]: d["work_pool"]["work_queue_name"] for d in deployments}
    assert queues["ingest-batch"] == "batches"
    assert queues["ingest-folder-distributed"] == queues["reindex-distributed"] == "default"
    json.loads(services["deployments"]["environment"]["ZOMBIE_AUTOMATION"])


# -- back-pressure -----------------------------------------------------------------------------
def make_docs(count: int, tag: str) -> list[Document]:
    docs = []
    for i in range(count):
        text = f"Nghị quyết số {i}/{tag}-HĐND về chương trình giám sát năm 2025."
        docs.append(make_doc(text, title=""))
    return docs


@pytest.fixture
def throttled(
    elasticsearch_target: ElasticsearchTarget, tmp_path: Path
) -> Iterator[tuple[ElasticsearchIndex, Throttle]]:
    prefix = elasticsearch_target.new_prefix()
    throttle = Throttle()
    index = elasticsearch_target.open(
        tmp_path, prefix, node_class=throttle.node_class(elasticsearch_target.node_class)
    )
    try:
        yield index, throttle
    finally:
        index.close()
        elasticsearch_target.drop(prefix)


@pytest.mark.parametrize("per_item", [False, True], ids=["whole request", "per item"])
def test_bulk_requests_shrink_on_429_and_grow_back_slowly(
    throttled: tuple[ElasticsearchIndex, Throttle], per_item: bool
) -> None:
    index, throttle = throttled
    index.count_documents()  # indices created before the cluster gets busy
    throttle.capacity, throttle.per_item = 12, per_item
    docs = make_docs(60, "T")
    index.put_documents(docs)
    # 60 actions refused, then requests of 50, 25, … until the cluster takes them; after that
    # the size saws between what it takes and a step more.
    assert throttle.refused[:4] == [60, 60, 50, 25]
    assert max(throttle.accepted) <= 12
    assert index.pacer.size < index.pacer.maximum
    assert index.count_documents() == len(docs)
    hits = index.search(SearchQuery(text='"Nghị quyết số 37/T-HĐND"')).hits
    assert [h.id for h in hits] == [docs[37].id]

    # Not busy any more: one step larger per request, not back to full size at once.
    throttle.capacity = None
    for round_ in range(3):
        before = index.pacer.size
        index.put_documents(make_docs(1, f"U{round_}"))
        assert index.pacer.size == before + index.pacer.step


def test_a_cluster_that_stays_busy_is_a_backend_error(
    throttled: tuple[ElasticsearchIndex, Throttle], monkeypatch: pytest.MonkeyPatch
) -> None:
    index, throttle = throttled
    index.count_documents()
    monkeypatch.setattr(es_client, "THROTTLED_RETRIES", 3)
    throttle.capacity = 0
    with pytest.raises(BackendError, match=r"refused 2 item\(s\).*429.*es_rejected_execution"):
        index.put_documents(make_docs(2, "V"))
    assert throttle.refused == [2, 2, 2]
    assert index.pacer.size == index.pacer.maximum // 8  # halved on each refusal
