"""io.documents: a user's document read as bytes, refused when it is not a regular file or is too large."""

from __future__ import annotations

import pytest

from inquiry_analysis.errors import DataError
from inquiry_analysis.io.documents import read_document


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("notes.txt", b"170 arrests were made.", "text"),
        ("page.html", b"<!DOCTYPE html><html><body><p>170</p></body></html>", "html"),
        ("saved-from-a-browser.txt", b"\xef\xbb\xbf<html><body>170</body></html>", "html"),
        ("report.bin", b"%PDF-1.7\n...", "pdf"),
        ("report.pdf", b"not really a pdf", "pdf"),
        ("page.htm", b"plain words, no tags", "html"),
    ],
)
def test_the_format_is_told_from_the_bytes_then_the_name(tmp_path, name, data, expected):
    path = tmp_path / name
    path.write_bytes(data)
    document = read_document(path)
    assert (document.format, document.data) == (expected, data)
    assert read_document(path, format="text").format == "text"


def test_an_empty_file_a_folder_or_one_past_the_limit_is_refused_in_one_line(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b" \n")
    with pytest.raises(DataError, match="is empty"):
        read_document(empty)
    with pytest.raises(DataError, match="folder"):
        read_document(tmp_path)
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 50)
    with pytest.raises(DataError, match=r"is 50 bytes, more than 10, the limit on a document's size"):
        read_document(big, max_bytes=10)
    with pytest.raises(ValueError, match="`format` must be one of text, html, pdf"):
        read_document(big, format="docx")
