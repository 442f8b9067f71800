"""The servers tests and benchmarks start: an Elasticsearch-compatible cluster (osmem-server, or a
real one a variable names), a Prefect server, `hoso serve`: each on a free port of loopback."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PREFECT = [sys.executable, "-m", "prefect"]


def free_port() -> int:
    """A TCP port of 127.0.0.1 nothing listens on (now)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def elasticsearch_cluster(url_variable: str) -> Iterator[tuple[str, type[Any]]]:
    """(URL, transport node class) of the cluster the environment variable `url_variable` names
    (credentials from the HOSO_ELASTICSEARCH_* variables), else of osmem-server started for the
    block. osmem-server refuses the client's versioned media type, so its node class rewrites it
    (es_transport.JsonMediaTypeNode); a real cluster gets the client's own node class."""
    url = os.environ.get(url_variable)
    if url:
        from elastic_transport import Urllib3HttpNode

        yield url, Urllib3HttpNode
        return
    from es_transport import JsonMediaTypeNode
    from osmem_server import OsmemServer

    # Port 0: the server picks a free port on 127.0.0.1 and reports it.
    server = OsmemServer.start(japanese=False, addr="127.0.0.1:0")
    try:
        yield server.url, JsonMediaTypeNode
    finally:
        server.close()
        if server.process.stdout is not None:
            server.process.stdout.close()


def drop_indices(url: str, prefix: str, node_class: type[Any] | None = None) -> None:
    """Delete every index of `prefix` on the cluster at `url` (by name: clusters refuse wildcard
    deletes)."""
    from core.settings import Settings
    from index.elasticsearch import connect

    settings = Settings.load(elasticsearch_url=url, elasticsearch_index_prefix=prefix)
    client = connect(settings, **({"node_class": node_class} if node_class else {}))
    try:
        names = client.indices.get(index=f"{prefix}-*", expand_wildcards="all").body
        if names:
            client.indices.delete(index=",".join(sorted(names)))
    finally:
        client.close()


@contextmanager
def running(
    command: list[str],
    ready_url: str,
    env: dict[str, str],
    log: Path,
    cwd: Path | None = None,
    timeout: float = 60,
) -> Iterator[subprocess.Popen[bytes]]:
    """`command` as a process, its output in `log`, once `ready_url` answers 200 (within
    `timeout` seconds, else AssertionError with the log); stopped at the end (SIGTERM, then
    SIGKILL after 15 s)."""
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(ready_url, timeout=5) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            output = log.read_text("utf-8", "replace")
            assert process.poll() is None, f"{' '.join(command)} exited: {output}"
            assert time.monotonic() < deadline, f"{ready_url} did not answer in time: {output}"
            time.sleep(0.2)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def prefect_server(home: Path) -> Iterator[dict[str, str]]:
    """A real Prefect server on a free port of loopback, its state in `home`; yields the
    environment its clients need (this process's, without its PREFECT_* variables, plus
    PREFECT_HOME and PREFECT_API_URL)."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(
        PREFECT_HOME=str(home),
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        PREFECT_LOGGING_LEVEL="WARNING",
    )
    api = f"http://127.0.0.1:{port}/api"
    command = [*PREFECT, "server", "start", "--host", "127.0.0.1", "--port", str(port)]
    with running(command, f"{api}/health", env, home / "server.log", timeout=120):
        yield {**env, "PREFECT_API_URL": api}


def prefect(env: dict[str, str], *args: str, timeout: float = 120) -> str:
    """`prefect ARGS` in the checkout with `env` (a server's, from prefect_server); it must
    succeed. Returns its standard output."""
    result = subprocess.run(
        [*PREFECT, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def deploy(env: dict[str, str]) -> None:
    """The `hoso` process work pool created and every deployment of prefect.yaml deployed on the
    server of `env` (HOSO_CHECKOUT and HOSO_INBOX set in it)."""
    prefect(env, "work-pool", "create", "hoso", "--type", "process")
    prefect(env, "--no-prompt", "deploy", "--all")
