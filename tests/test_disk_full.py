"""A full disk under the data directory gives a clear error and corrupts nothing: the next run,
with space again, completes and the catalog, records and index agree."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from extractors import ExtractOptions
from index.embedded import EmbeddedIndex
from ingest import pipeline
from ingest.check import check

# Run ingest in a child whose files may not grow past a few hundred kB (RLIMIT_FSIZE: writes
# then fail with EFBIG, as they fail with ENOSPC on a full disk).
CHILD = textwrap.dedent(
    """
    import resource, signal, sys
    from pathlib import Path
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (300_000, 300_000))
    from extractors import ExtractOptions
    from ingest import pipeline
    from core.errors import HosoError
    from index.embedded import EmbeddedIndex
    try:
        index = EmbeddedIndex(Path(sys.argv[1]))
        pipeline.ingest(index, [Path(sys.argv[2])], ExtractOptions(ocr=False))
    except HosoError as e:
        print(f"hoso: error: {e}", file=sys.stderr)
        sys.exit(1)
    """
)


def test_a_full_disk_is_a_clear_error_and_nothing_is_corrupted(
    tmp_path: Path, archive: Path
) -> None:
    data_dir = tmp_path / "data"
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(data_dir), str(archive)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 1, result.stderr
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("hoso: error: ") and "is the disk holding" in line, line

    index = EmbeddedIndex(data_dir)
    summary = pipeline.ingest(index, [archive], ExtractOptions(ocr=False))
    assert summary.failed == 0
    assert index.count_documents() == len(list(archive.iterdir()))
    assert check(index).problems == []
