"""A user's document (plain text, HTML or PDF) read as bytes: a regular file, within a size limit, read once.

``inquiry-analysis extract`` reads a press release, report or transcript through :func:`read_document`,
which opens it as every reader of a user's file does (a regular file, not under the system's folders,
checked before it is opened, read through one descriptor, refused if it changes while read), refuses it
past :data:`MAX_DOCUMENT_BYTES` before a byte is read, and says which kind of document its bytes hold.
What the bytes say is the business of :mod:`inquiry_analysis.claims.extract`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from inquiry_analysis.errors import DataError
from inquiry_analysis.io import _files

__all__ = ["FORMATS", "MAX_DOCUMENT_BYTES", "Document", "read_document"]

#: The largest document read, in bytes: a long inquiry report as PDF is some 10-30 MB.
MAX_DOCUMENT_BYTES = 100_000_000
#: The kinds of document read, and the file name endings taken for each.
FORMATS = {"text": (".txt", ".text", ".md", ""), "html": (".html", ".htm", ".xhtml"), "pdf": (".pdf",)}


@dataclass(frozen=True, kw_only=True)
class Document:
    """A document's bytes, as read from a user's file.

    Attributes
    ----------
    path : Path
        The file, as the user named it.
    data : bytes
        Its bytes.
    format : str
        What it holds: ``'text'``, ``'html'`` or ``'pdf'`` (one of :data:`FORMATS`).
    """

    path: Path
    data: bytes
    format: str


def _sniffed(data: bytes, path: Path) -> str:
    """The format the bytes show (a PDF's header, an HTML tag near the start), else the name's ending."""
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if data[:1024].lstrip().startswith(b"%PDF-"):
        return "pdf"
    if head.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in head or b"<p>" in head:
        return "html"
    suffix = path.suffix.lower()
    return next((name for name, endings in FORMATS.items() if suffix in endings), "text")


def read_document(path: str | Path, *, format: str | None = None, max_bytes: int = MAX_DOCUMENT_BYTES) -> Document:
    """Read a user's document: a regular file of at most ``max_bytes``, as bytes, with the format it holds.

    Parameters
    ----------
    path : str or Path
        The file.
    format : {'text', 'html', 'pdf'} or None
        What the file holds; None (the default) takes it from the bytes (a PDF header, an HTML tag),
        else from the name's ending (``.pdf``, ``.html``, ``.htm``), else plain text.
    max_bytes : int
        The largest size accepted (default :data:`MAX_DOCUMENT_BYTES`).

    Returns
    -------
    Document
        The bytes and the format.

    Raises
    ------
    DataError
        One line naming the file: missing, not a regular file, under the system's folders, larger than
        ``max_bytes``, or changed while it was read.
    ValueError
        If ``format`` is not one of :data:`FORMATS`.

    Examples
    --------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "release.txt"
    >>> _ = path.write_text("Police made 170 arrests in 2016-17.", encoding="utf-8")
    >>> document = read_document(path)
    >>> document.format, document.data[:11]
    ('text', b'Police made')
    """
    if format is not None and format not in FORMATS:
        raise ValueError(f"`format` must be one of {', '.join(FORMATS)} or None, but {format!r} was passed")
    path = Path(path)

    def too_large(size: int) -> str:
        return (
            f"is {size:,} bytes, more than {max_bytes:,}, the limit on a document's size; pass a larger "
            "max_bytes if the file is a document you trust"
        )

    with _files.open_regular(path, max_bytes=max_bytes, too_large=too_large, what="a text, HTML or PDF file") as file:
        data = file.read()
    if not data.strip():
        raise DataError("is empty: there is no text to read", path=path)
    return Document(path=path, data=data, format=format or _sniffed(data, path))
