"""A document's bytes as blocks of text, each knowing its locator: paragraphs, pages, or a transcript's pages and lines.

Plain text is split into paragraphs at blank lines; HTML (parsed by BeautifulSoup, without its scripts,
styles, navigation, footers and forms) into its block elements (paragraphs, headings, list items, table
rows); a PDF (text by pypdf) into pages, and each page into paragraphs where its text has blank lines. A
paragraph that starts with its own number (``12.``, ``16.1.``, ``78.One``) is located by that number,
the others by their place in the document (``para. 3``).

A numbered transcript, as inquiries publish them, has every line of a page numbered 1 to 25 and the page's
number at its foot; its text (from a PDF or a text file) interleaves those numbers with the words. It is
recognised when most lines start with a line number that follows the one before (or starts a page at 1);
the numbers are taken out of the text, and each character keeps its page and line, so that a sentence is
located as ``p. 3 lines 17-21``. A line that starts with a speaker (``Q.``, ``A.``, ``MS CAREY:``) starts a
new sentence.

A hostile file is refused in one :class:`~inquiry_analysis.DataError` line that shows at most a short
excerpt of it: a PDF past :data:`MAX_PDF_PAGES` pages, any document giving more than :data:`MAX_TEXT_CHARS`
characters of text (checked page by page as a PDF is read), an encrypted or damaged PDF, HTML nested past
Python's recursion limit, bytes with NUL in them read as text. pypdf itself stops any one stream from
unpacking to more than 75 MB (its ``Configuration`` limits), so a compression bomb in one page is cut short.
Control and invisible characters (a terminal's escape, a bidirectional override) become spaces.
"""

from __future__ import annotations

import io
import re
import warnings
from dataclasses import dataclass, field

from inquiry_analysis.errors import DataError, excerpt

__all__ = ["MAX_PDF_PAGES", "MAX_TEXT_CHARS", "Block", "blocks_from", "locate"]

#: The most pages of a PDF read (a long inquiry report has some 300; a day's transcript about 200).
MAX_PDF_PAGES = 5_000
#: The most characters of text a document may give (a 1,000-page report has some 3 million).
MAX_TEXT_CHARS = 20_000_000
_DROPPED_TAGS = ("script", "style", "nav", "noscript", "template", "footer", "aside", "form", "svg", "button", "iframe")
_BLOCK_TAGS = frozenset(
    "p h1 h2 h3 h4 h5 h6 li tr blockquote pre dt dd caption figcaption div section article main header "
    "td th address summary".split()
)
_LEAF_TAGS = frozenset("p h1 h2 h3 h4 h5 h6 li tr dt dd caption figcaption pre address summary".split())
_OWN_NUMBER = re.compile(r"^(\d{1,3}(?:\.\d{1,3})*)\.(?:\s+|(?=[A-Z“\"‘']))")
_BULLET = re.compile(r"^\s*(?:[•·▪●◦‣∙*]|-(?=\s))\s*")
_LINE = re.compile(r"^\s*(\d{1,2})(?:\s+(.*?))?\s*$")
_PAGE_LABEL = re.compile(r"^\s*(?:page\s+)?(\d{1,4})(?:\s+of\s+\d+)?\s*$", re.IGNORECASE)
_SPEAKER = re.compile(r"^(?:[QA]\.\s|\(?[A-Z][A-Z.'’ -]{2,}[A-Z)]:\s|THE CHAIR:|THE WITNESS:)")
_INVISIBLE = re.compile(r"[\u00ad\u200b\u200c\u200d\u2060\ufeff]")


@dataclass(frozen=True, kw_only=True)
class Block:
    """A run of text with the means to locate any part of it.

    Attributes
    ----------
    text : str
        The text, whitespace normalised (one space between words).
    locator : str
        Where the block is (``para. 3``, ``p. 2``); empty for a transcript, whose parts are located by line.
    lines : tuple of (int, str, int)
        For a transcript, each line's start in ``text``, its page label and its line number, in order.
    breaks : tuple of int
        Offsets in ``text`` where a sentence must start (a speaker's turn in a transcript).
    """

    text: str
    locator: str = ""
    lines: tuple = field(default=())
    breaks: tuple = field(default=())


def locate(block: Block, start: int, end: int) -> str:
    """The locator of ``block.text[start:end]``: the block's own, or a transcript's page and lines.

    Parameters
    ----------
    block : Block
        The block.
    start, end : int
        The span.

    Returns
    -------
    str
        Such as ``para. 3``, ``p. 1 line 19``, ``p. 1 lines 16-19`` or ``p. 1 line 24 to p. 2 line 2``.
    """
    if not block.lines:
        return block.locator
    inside = [(page, line) for offset, page, line in block.lines if offset < end]
    first = next((i for i, (offset, _, _) in enumerate(block.lines) if offset > start), len(block.lines)) - 1
    (page_a, line_a), (page_b, line_b) = inside[max(first, 0)], inside[-1]
    if page_a != page_b:
        return f"p. {page_a} line {line_a} to p. {page_b} line {line_b}"
    return f"p. {page_a} line {line_a}" if line_a == line_b else f"p. {page_a} lines {line_a}-{line_b}"


def _clean(text: str) -> str:
    """Control and invisible characters out (a terminal's escape, a bidirectional override), quotes kept."""
    text = _INVISIBLE.sub("", text)
    return "".join(c if c.isprintable() or c == "\n" else " " for c in text.replace("\t", " "))


def _normalised(text: str) -> str:
    return " ".join(text.split())


def _paragraph_blocks(paragraphs: list[str], *, prefix: str = "", counter: int = 0) -> tuple[list[Block], int]:
    """Blocks of paragraphs; each located by its own number if it starts with one, else by its place."""
    blocks = []
    for raw in paragraphs:
        text = _normalised(_BULLET.sub("", raw.strip()))
        if not text:
            continue
        counter += 1
        own = _OWN_NUMBER.match(text)
        blocks.append(Block(text=text, locator=f"{prefix}para. {own.group(1) if own else counter}"))
    return blocks, counter


def _decoded(data: bytes, path) -> str:
    if b"\x00" in data[:65536]:
        raise DataError("holds NUL bytes, so it is not text; give a text, HTML or PDF file", path=path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")  # Windows' own text files; bytes it lacks become U+FFFD


def _too_much_text(path, max_chars: int) -> DataError:
    return DataError(
        f"gives more than {max_chars:,} characters of text, the limit (it may be a PDF or HTML bomb); "
        "pass a larger max_chars if you trust the file",
        path=path,
    )


def _checked_size(text: str, path, max_chars: int) -> str:
    if len(text) > max_chars:
        raise _too_much_text(path, max_chars)
    return text


def _text_blocks(text: str) -> list[Block]:
    lines = text.splitlines()
    transcript = _transcript_block([lines])
    if transcript is not None:
        return [transcript]
    return _paragraph_blocks(re.split(r"\n\s*\n", text))[0]


def _html_blocks(data: bytes, path, max_chars: int) -> list[Block]:
    from bs4 import BeautifulSoup

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # bs4 warns of markup that looks like a file name or URL
            soup = BeautifulSoup(data, "html.parser")
            for tag in soup.find_all(_DROPPED_TAGS):
                tag.decompose()
            texts = []
            for tag in soup.find_all(_BLOCK_TAGS):
                if tag.name in _LEAF_TAGS or not tag.find(_BLOCK_TAGS):
                    if tag.find_parent(_LEAF_TAGS) is None:
                        separator = " | " if tag.name == "tr" else " "
                        texts.append(_clean(tag.get_text(separator, strip=True)))
            if not texts:  # no block elements: the body's text, split at blank lines
                texts = re.split(r"\n\s*\n", _clean(soup.get_text("\n")))
    except RecursionError:
        raise DataError("is HTML nested too deeply to read (it may be built to crash a parser)", path=path) from None
    _checked_size("".join(texts), path, max_chars)
    return _paragraph_blocks(texts)[0]


def _pdf_pages(data: bytes, path, *, max_pages: int, max_chars: int) -> list[str]:
    import pypdf

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = pypdf.PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not reader.decrypt(""):
                raise DataError("is an encrypted PDF; save an unencrypted copy to read its text", path=path)
            if len(reader.pages) > max_pages:
                raise DataError(
                    f"has {len(reader.pages):,} pages, more than {max_pages:,}, the limit; pass a larger "
                    "max_pages if you trust the file",
                    path=path,
                )
            pages, used = [], 0
            for page in reader.pages:
                text = _clean(page.extract_text() or "")
                used += len(text)
                if used > max_chars:
                    raise _too_much_text(path, max_chars)
                pages.append(text)
    except DataError:
        raise
    except Exception as err:  # pypdf raises many kinds of error on a damaged or hostile file
        raise DataError(f"cannot be read as a PDF ({type(err).__name__}: {excerpt(err)})", path=path) from None
    return pages


def _pdf_blocks(data: bytes, path, *, max_pages: int, max_chars: int) -> list[Block]:
    pages = _pdf_pages(data, path, max_pages=max_pages, max_chars=max_chars)
    transcript = _transcript_block([page.splitlines() for page in pages])
    if transcript is not None:
        return [transcript]
    blocks = []
    for number, page in enumerate(pages, start=1):  # paragraphs counted on each page: "p. 3 para. 2"
        blocks.extend(_paragraph_blocks(re.split(r"\n\s*\n", page), prefix=f"p. {number} ")[0])
    return blocks


def blocks_from(
    data: bytes, format: str, *, path=None, max_pages: int = MAX_PDF_PAGES, max_chars: int = MAX_TEXT_CHARS
):
    """A document's blocks of text: its paragraphs, or one block for a numbered transcript.

    Parameters
    ----------
    data : bytes
        The document's bytes.
    format : {'text', 'html', 'pdf'}
        What they hold.
    path : str or Path, optional
        The file, named in errors.
    max_pages : int
        The most pages of a PDF read (default :data:`MAX_PDF_PAGES`).
    max_chars : int
        The most characters of text read (default :data:`MAX_TEXT_CHARS`).

    Returns
    -------
    list of Block
        In the document's order.

    Raises
    ------
    DataError
        One line naming the file, if it is not what ``format`` says, is damaged, encrypted or past a limit.
    """
    if format == "pdf":
        return _pdf_blocks(data, path, max_pages=max_pages, max_chars=max_chars)
    if format == "html":
        return _html_blocks(data, path, max_chars)
    return _text_blocks(_checked_size(_clean(_decoded(data, path)), path, max_chars))


# --- numbered transcripts -------------------------------------------------------------------------


def _looks_numbered(lines: list[str]) -> bool:
    """Most non-blank lines start with a line number that follows the one before, or starts again at 1."""
    numbers = [int(m.group(1)) for m in map(_LINE.match, lines) if m and m.group(2)]  # page numbers aside
    filled = [line for line in lines if line.strip()]
    if len(numbers) < 8 or len(numbers) < 0.6 * len(filled):
        return False
    in_turn = sum(1 for a, b in zip(numbers, numbers[1:]) if b == a + 1 or (b == 1 and a >= 5))
    return in_turn >= 0.8 * (len(numbers) - 1) and max(numbers) <= 40


def _transcript_lines(pages: list[list[str]]) -> list[tuple[str, int, str]]:
    """(page label, line number, words) for every numbered line with words; page labels from the page foot."""
    found, labels, page, previous = [], {}, 0, 0
    for index, lines in enumerate(pages):
        if index and found and previous:
            page, previous = page + 1, 0  # a new PDF page starts a new transcript page
        for raw in lines:
            match = _LINE.match(raw)
            label = _PAGE_LABEL.match(raw)
            if match and match.group(2):
                number = int(match.group(1))
                if number <= previous:
                    page += 1
                found.append((page, number, match.group(2)))
                previous = number
            elif match and int(match.group(1)) == previous + 1 and previous < 25:
                previous += 1  # a blank numbered line
            elif label and previous:
                labels[page] = label.group(1)  # the page's own number, at its foot
    return [(labels.get(p, None) or str(p + 1), number, words) for p, number, words in found]


def _transcript_block(pages: list[list[str]]) -> Block | None:
    """One block for a numbered transcript (None if the lines are not one), line numbers out of the words."""
    if not _looks_numbered([line for lines in pages for line in lines]):
        return None
    parts, lines, breaks, offset = [], [], [], 0
    for page, number, words in _transcript_lines(pages):
        words = _normalised(words)
        if not words:
            continue
        if _SPEAKER.match(words):
            breaks.append(offset)
        lines.append((offset, page, number))
        parts.append(words)
        offset += len(words) + 1
    if not parts:
        return None
    return Block(text=" ".join(parts), lines=tuple(lines), breaks=tuple(breaks))
