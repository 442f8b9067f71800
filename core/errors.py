"""The exception tree of hoso.

HosoError                   anything hoso raises on purpose; the CLI prints it as one line
├── BadInput                permanent: a property of the file; recorded on it, never retried
│   ├── UnsupportedFormat   no extractor handles this content
│   ├── CorruptFile         an extractor recognised the format but could not read it
│   └── NoText              readable, but holds no text (e.g. a scan with no text layer)
├── BackendError            transient: the store or index is unavailable; retried with backoff
└── UsageError              the user asked for something impossible (bad query, unknown id)
"""

from __future__ import annotations


class HosoError(Exception):
    """Base class; `str(error)` is a message a person can act on."""


class BadInput(HosoError):
    """The file itself is the problem. Recorded as the file's failure reason."""


class UnsupportedFormat(BadInput):
    pass


class CorruptFile(BadInput):
    pass


class NoText(BadInput):
    pass


class BackendError(HosoError):
    """The store or search index failed; the same work may succeed later."""


class UsageError(HosoError):
    pass
