"""Small PDFs written by hand for the tests: text only (a standard font), so that nothing is needed to make them.

A numbered transcript's page is laid out as inquiries publish them: the line numbers in a column of
their own, the words beside them, the page's number at its foot. pypdf reads such a page back as
``'1 Wednesday, 24 January 2018\\n2 (10.30 am)\\n...\\n12'``.
"""

from __future__ import annotations


def _escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _pdf(streams: list[str]) -> bytes:
    """A PDF with one page per content stream, a Courier font, and a correct cross-reference table."""
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", "", "<< /Type /Font /Subtype /Type1 /BaseFont /Courier >>"]
    kids = []
    for stream in streams:
        objects.append(f"<< /Length {len(stream.encode('latin-1'))} >>\nstream\n{stream}\nendstream")
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {len(objects)} 0 R "
            "/Resources << /Font << /F1 3 0 R >> >> >>"
        )
        kids.append(len(objects))
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>"
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def transcript_pdf(pages: list[tuple[int, list[str]]]) -> bytes:
    """A numbered transcript: each page its number and its lines (numbered 1, 2, ... in a column of their own)."""
    streams = []
    for number, lines in pages:
        ops = ["BT", "/F1 10 Tf"]
        for index, line in enumerate(lines, start=1):
            y = 790 - 29 * index
            ops.append(f"1 0 0 1 40 {y} Tm ({index}) Tj 1 0 0 1 75 {y} Tm ({_escaped(line)}) Tj")
        ops += [f"1 0 0 1 290 25 Tm ({number}) Tj", "ET"]
        streams.append("\n".join(ops))
    return _pdf(streams)


def text_pdf(pages: list[list[str]]) -> bytes:
    """Pages of plain lines, top to bottom (a blank line between paragraphs)."""
    streams = []
    for lines in pages:
        ops = ["BT", "/F1 10 Tf", "14 TL", "60 780 Td"] + [f"({_escaped(line)}) Tj T*" for line in lines] + ["ET"]
        streams.append("\n".join(ops))
    return _pdf(streams)
