"""prefect.yaml for real: a local Prefect server, a work pool, `prefect deploy --all`, then the
`ingest-folder` deployment run by a worker, and its documents searchable."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from factories import sample_inbox
from servers import deploy, prefect, prefect_server

from core.records import SearchQuery
from index.embedded import EmbeddedIndex

# Slow: a Prefect server, `prefect deploy` and a worker.
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """A real Prefect server on loopback; yields the environment its clients need."""
    with prefect_server(tmp_path_factory.mktemp("prefect-home")) as env:
        yield env


@pytest.fixture(scope="module")
def deployed(
    server: dict[str, str], tmp_path_factory: pytest.TempPathFactory, samples_dir: Path
) -> dict[str, str]:
    root = tmp_path_factory.mktemp("deploy")
    inbox = sample_inbox(root, samples_dir)
    env = {
        **server,
        "HOSO_CHECKOUT": str(ROOT),
        "HOSO_INBOX": str(inbox),
        "HOSO_DATA_DIR": str(root / "data"),
    }
    deploy(env)
    return env


def inspect(env: dict[str, str], name: str) -> dict:
    script = (
        "import asyncio, json, sys\n"
        "from prefect.client.orchestration import get_client\n"
        "async def main():\n"
        "    async with get_client() as c:\n"
        f"        d = await c.read_deployment_by_name({name!r})\n"
        "        print(d.model_dump_json())\n"
        "asyncio.run(main())\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
    return dict(json.loads(out.stdout))


def test_deployments_exist_with_their_schedules(deployed: dict[str, str]) -> None:
    nightly = inspect(deployed, "reindex/nightly-reindex")
    [schedule] = nightly["schedules"]
    assert schedule["schedule"]["cron"] == "0 2 * * *"
    assert schedule["schedule"]["timezone"] == "Asia/Ho_Chi_Minh"
    assert nightly["work_pool_name"] == "hoso"
    assert nightly["global_concurrency_limit"]["limit"] == 1
    ingest = inspect(deployed, "ingest/ingest-folder")
    assert ingest["parameters"] == {"paths": [deployed["HOSO_INBOX"]]}
    watcher = inspect(deployed, "watch/watcher")
    assert watcher["parameters"] == {"paths": [deployed["HOSO_INBOX"]]}


def test_a_worker_runs_ingest_folder(deployed: dict[str, str]) -> None:
    prefect(deployed, "deployment", "run", "ingest/ingest-folder")
    prefect(deployed, "worker", "start", "--pool", "hoso", "--run-once", timeout=300)
    index = EmbeddedIndex(Path(deployed["HOSO_DATA_DIR"]))
    inbox = Path(deployed["HOSO_INBOX"])
    assert index.count_documents() == len(list(inbox.iterdir()))
    hits = index.search(SearchQuery(text='"Phùng Thị Hồng Hà"')).hits
    assert [h.path for h in hits] == [str(inbox / "hnp_2019-12-03_thuong-truc-hdnd.txt")]
