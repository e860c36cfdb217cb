"""The bundle's HTML file: self-contained (no scripts, no external files), each exhibit as inline SVG with its
alt text in a visible caption, printing one exhibit a page."""

from __future__ import annotations

import html
import re
from pathlib import Path

from inquiry_analysis import provenance
from inquiry_analysis.exhibits.bundle.folder import (
    VERDICTS,
    BundledExhibit,
    BundleFolder,
    commits_line,
    inputs_cited,
    safe_link,
    verify_line,
)

__all__ = ["MAX_SVG_BYTES", "PRINT_COLUMNS", "html_text", "read_svg", "svg_problem"]

# ---------------------------------------------------------------- an exhibit's SVG, checked

# The project's SVGs are 24-50 KB; 5 MB leaves room for a user's dense chart and is read whole only once checked.
MAX_SVG_BYTES = 5 * 2**20
# What a chart's SVG draws with (matplotlib writes a few of these); anything else (script, foreignObject,
# an HTML element that leaves the SVG in a browser, animation that could set a link) is refused, not cleaned.
_ELEMENTS = {
    "svg", "g", "defs", "style", "path", "use", "clipPath", "mask", "pattern", "marker", "symbol", "text",
    "tspan", "title", "desc", "metadata", "rect", "circle", "ellipse", "line", "polyline", "polygon", "image",
    "linearGradient", "radialGradient", "stop",
}  # fmt: skip
_METADATA = ("rdf:", "cc:", "dc:")  # matplotlib's metadata, removed when the SVG is inlined
_LINKS = {"href", "xlink:href", "src"}
# matplotlib embeds a raster (imshow) as a base64 PNG or JPEG: inert, so the one data: URI an exhibit may hold
_RASTER = re.compile(r"data:image/(?:png|jpeg);base64,[A-Za-z0-9+/=\s]*+")
_EXTERNAL_URL = re.compile(r"url\(\s*+(?!['\"]?#)", re.IGNORECASE)
_ACTIVE = re.compile(r"javascript:|data:|@import|expression\(", re.IGNORECASE)


class _Refused(Exception):
    pass


def _check_value(element: str, name: str, value: str) -> None:
    name = name.lower()  # as a browser reads an SVG inlined in HTML
    if name.startswith("on"):
        raise _Refused(f"an event handler ({name[:40]}) on <{element}>")
    if name in _LINKS and not value.startswith("#"):
        if not (element == "image" and name != "src" and _RASTER.fullmatch(value)):
            raise _Refused(f"a link to something outside the file ({name} on <{element}>)")
    if _EXTERNAL_URL.search(value):
        raise _Refused(f"a url() outside the file ({name} on <{element}>)")
    if _ACTIVE.search(value) and not (element == "image" and name in _LINKS):
        raise _Refused(f"a script, data: URI or import ({name} on <{element}>)")


def svg_problem(text: str) -> str | None:
    """What makes an SVG unfit to inline in the bundle's HTML (no scripts, no external files), or None.

    The SVG is parsed as XML (expat: linear, no external entity fetched) and refused, never cleaned, if it
    holds a script, an event handler, a ``foreignObject`` or any element a chart does not draw with, a link,
    ``url()`` or ``@import`` outside the file (``data:`` URIs too, but for a PNG or JPEG ``<image>``, which is
    how matplotlib embeds a raster), a DTD of its own, a processing instruction, or markup hidden in a
    comment or CDATA section (which the HTML parser would read otherwise than XML does).

    Parameters
    ----------
    text : str
        The SVG file's text.

    Returns
    -------
    str or None
        What was found, in a few words (never the file's content).

    Examples
    --------
    >>> svg_problem('<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>') is None
    True
    >>> svg_problem('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')
    'an event handler (onload) on <svg>'
    """
    from xml.parsers import expat

    parser = expat.ParserCreate()
    stack, cdata, style = [], [False], []

    def start(element, attributes):
        in_metadata = "metadata" in stack
        if not stack and element != "svg":
            raise _Refused(f"no <svg> root (it begins with <{element[:40]}>)")
        if not (element.startswith(_METADATA) if in_metadata else element in _ELEMENTS):
            raise _Refused(f"a <{element[:40]}> element, which an exhibit's chart does not draw with")
        for name, value in attributes.items():
            if in_metadata and not name.lower().startswith("on"):
                continue  # the metadata, rdf:resource links and all, is removed when the SVG is inlined
            _check_value(element, name, value)
        stack.append(element)

    def characters(data):
        if cdata[0] and ("<" in data or ">" in data):
            raise _Refused("markup inside a CDATA section")
        if stack and stack[-1] == "style":
            style.append(data)  # checked whole at its end: expat may hand text over in pieces

    def end(element):
        stack.pop()
        if element == "style":
            _check_value("style", "its stylesheet", "".join(style))
            style.clear()

    def comment(data):
        if "<" in data or ">" in data:
            raise _Refused("markup inside a comment")

    def refuse(what):
        def handler(*_):
            raise _Refused(what)

        return handler

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = characters
    parser.CommentHandler = comment
    parser.StartCdataSectionHandler = lambda: cdata.__setitem__(0, True)
    parser.EndCdataSectionHandler = lambda: cdata.__setitem__(0, False)
    parser.StartDoctypeDeclHandler = lambda _n, _s, _p, internal: refuse("a DTD of its own")() if internal else None
    parser.EntityDeclHandler = refuse("an entity declaration")
    parser.ProcessingInstructionHandler = refuse("a processing instruction")
    try:
        parser.Parse(text, True)
    except _Refused as found:
        return str(found)
    except expat.ExpatError as err:
        return f"not well-formed XML ({expat.ErrorString(err.code)}, line {err.lineno})"
    return None if stack == [] and parser.ErrorCode == 0 else "no <svg> element"


def read_svg(path: Path, folder_name: str) -> str:
    """An exhibit's SVG, read and checked with :func:`svg_problem`, fit to inline in the bundle's HTML.

    Parameters
    ----------
    path : pathlib.Path
        The SVG file.
    folder_name : str
        How the bundle names its folder, for the message.

    Returns
    -------
    str
        Its text.

    Raises
    ------
    ValueError
        One line naming the file and what was found.
    """
    where = f"{path.name} in {folder_name}"
    if path.stat().st_size > MAX_SVG_BYTES:
        raise ValueError(f"{where}: over {MAX_SVG_BYTES // 2**20} MB; an exhibit's SVG is a chart of tens of KB")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ValueError(f"{where}: not UTF-8 text, as an exported SVG is") from None
    problem = svg_problem(text)
    if problem:
        raise ValueError(
            f"{where}: not inlined in the bundle's HTML, which holds no scripts and no external files: "
            f"it holds {problem}"
        )
    return text


# ---------------------------------------------------------------- HTML

_CSS_TEMPLATE = """\
*,*::before,*::after{box-sizing:border-box}
body{margin:0;font-family:"DejaVu Sans",Verdana,Arial,sans-serif;font-size:1rem;line-height:1.5;color:#0b0c0c;\
background:#fff;-webkit-text-size-adjust:100%}
.page{max-width:72rem;margin:0 auto;padding:1rem 1.25rem 3rem}
h1{font-size:1.75rem;line-height:1.25;margin:1rem 0 .75rem}
h2{font-size:1.35rem;line-height:1.3;margin:2.5rem 0 .5rem}
h3{font-size:1.05rem;margin:1.25rem 0 .25rem}
a{color:#1d70b8}
a:focus{outline:3px solid #fd0;background:#fd0;color:#0b0c0c}
.meta,.subtitle{color:#505a5f}
nav ol{padding-left:1.5rem}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:.875rem}
caption{text-align:left;font-weight:bold;font-size:1rem;padding:.5rem 0}
th,td{text-align:left;vertical-align:top;padding:.4rem .5rem;border-bottom:1px solid #b1b4b6}
thead th{border-bottom:2px solid #0b0c0c}
tbody th{font-weight:normal}
code{font-family:"DejaVu Sans Mono",Consolas,monospace;font-size:.8rem}
.hash{word-break:break-all}
.id{font-weight:bold;white-space:nowrap}
figure{margin:1rem 0;max-width:54rem}
figure svg{display:block;width:100%;height:auto;border:1px solid #b1b4b6}
figcaption{margin-top:.5rem;padding:.5rem .75rem;background:#f3f2f1}
.notes li{margin-bottom:.25rem}
.verdict{font-weight:bold}
.continued{display:none}
@page{size:A4;margin:12mm 13mm 14mm;\
@bottom-right{content:"Page " counter(page) " of " counter(pages);font:8pt "DejaVu Sans",Verdana,Arial,sans-serif;\
color:#505a5f}}
@media print{
nav{display:none}
body{font-size:9.5pt;line-height:1.35;overflow-wrap:anywhere}
.page{max-width:none;padding:0}
h1{font-size:16pt;margin:0 0 3mm}
h2{font-size:13pt;margin:6mm 0 2mm}
h3{font-size:9.5pt;margin:2mm 0 1mm}
h1,h2,h3,caption,.subtitle{break-after:avoid;page-break-after:avoid}
p{margin:0 0 2mm}
a{color:inherit}
.scroll{overflow:visible}
table{font-size:7.5pt;line-height:1.3;table-layout:fixed}
caption{font-size:9pt;padding:0 0 1.5mm}
th,td{padding:.8mm 1.2mm}
td p{margin:0 0 1mm}
tr{break-inside:avoid;page-break-inside:avoid}
thead{display:table-header-group}
code{font-size:7pt}
.hash{font-size:7pt;letter-spacing:-.02em;word-break:break-all}
{columns}
[aria-labelledby=claims],[aria-labelledby=sources],.exhibit{break-before:page;page-break-before:always}
.exhibit h2{margin-top:0}
.continued{display:block;break-before:page;page-break-before:always;font-weight:bold}
.sheet{display:flex;flex-direction:column;max-height:271mm}
.sheet>*{flex:none}
.sheet figure{flex:0 1 auto;min-height:0;display:flex;flex-direction:column;margin:0 0 2mm;max-width:none}
figure svg{flex:0 1 auto;min-height:0;width:auto;max-width:100%;height:auto;max-height:var(--figure-height,150mm)}
figcaption{flex:none;font-size:8pt;padding:1.2mm 2mm;margin-top:1.5mm}
.exhibit>p,.notes{font-size:8pt}
.notes{margin:0 0 2mm;padding-left:5mm}
.notes li{margin:0}
}
"""

# Each table's column widths in print (percent of the page's width, in the order of its header): with a fixed
# table layout, every column prints at its width, however long a cell's words or addresses.
PRINT_COLUMNS = {
    ".files": (23, 10.5, 8, 52.5, 6),  # a sha256 in 7 pt monospace takes a line of 52.5% of 184 mm
    ".inputs": (14, 21.5, 52.5, 12),
    "[aria-labelledby=claims]": (17, 10, 15, 11, 36, 11),
    "[aria-labelledby=sources]": (15, 36, 14, 9, 26),
}
_CSS = _CSS_TEMPLATE.replace(
    "{columns}",
    "\n".join(
        "".join(f"{table} thead th:nth-child({n}){{width:{w}%}}" for n, w in enumerate(widths, 1))
        for table, widths in PRINT_COLUMNS.items()
    ),
)


def _e(value) -> str:
    return html.escape(str(value), quote=True)


def _code(text: str) -> str:
    """Escaped text, with `backticked` words set as code."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", _e(text))


def _scope_css(css: str, root: str) -> str:
    """Rules of an SVG's stylesheet limited to that SVG (plain rule lists only; at-rules are left as they are)."""
    if "@" in css:
        return css
    css = css.replace("<![CDATA[", "").replace("]]>", "")
    return re.sub(r"([^{}]+)\{", lambda m: ", ".join(f"#{root} {s.strip()}" for s in m.group(1).split(",")) + " {", css)


def _in_tags(svg: str, change) -> str:
    """``svg`` with ``change`` applied to its tags only, never to the text between them.

    Text drawn in a chart may come from a user's file and read like markup (``id="axes_1"``); in the
    SVG matplotlib writes, ``<`` and ``>`` in text and attribute values are escaped, so every ``<...>``
    is a tag.
    """
    return re.sub(r"<[^<>]*>", lambda m: change(m.group(0)), svg)


def _inline_svg(text: str, exhibit: BundledExhibit) -> str:
    """An exported SVG fit to sit in HTML beside others: no prolog, ids and style scoped to this exhibit."""
    svg = re.sub(r"<\?xml[^>]*\?>|<!DOCTYPE[^>]*>|<!--.*?-->|<metadata\b.*?</metadata>", "", text, flags=re.DOTALL)
    prefix = f"{exhibit.exhibit_id}-"
    # ids the export already scoped to its exhibit (IA-01-title) stay as they are; only tags are read and changed
    tags = re.findall(r"<[^<>]*>", svg)
    ids = {i for tag in tags for i in re.findall(r'\bid="([^"]+)"', tag) if not i.startswith(prefix)}
    svg = _in_tags(
        svg,
        lambda tag: re.sub(
            r'(\bid="|href="#|url\(#)([^")]+)',
            lambda m: m.group(1) + (prefix + m.group(2) if m.group(2) in ids else m.group(2)),
            tag,
        ),
    )
    svg = _in_tags(
        svg,
        lambda tag: re.sub(
            r'(\baria-(?:labelledby|describedby)=")([^"]*)',
            lambda m: m.group(1) + " ".join(prefix + t if t in ids else t for t in m.group(2).split()),
            tag,
        ),
    )
    start = svg.index("<svg")
    end = svg.index(">", start)
    root = svg[start:end]
    found = re.search(r'\bid="([^"]+)"', root)
    root_id = found.group(1) if found else f"{prefix}svg"
    root += "" if found else f' id="{root_id}"'
    root += "" if re.search(r"\brole=", root) else ' role="img"'
    head = "" if re.search(r"<title\b", svg) else f"<title>{_e(exhibit.sidecar.get('title', ''))}</title>"
    svg = svg[:start] + root + svg[end : end + 1] + head + svg[end + 1 :]
    svg = re.sub(
        r"(<style\b[^>]*>)(.*?)(</style>)",
        lambda m: m.group(1) + _scope_css(m.group(2), root_id) + m.group(3),
        svg,
        flags=re.DOTALL,
    )
    return svg.strip()


def _head(*columns: str) -> str:
    return "<thead><tr>" + "".join(f'<th scope="col">{_e(c)}</th>' for c in columns) + "</tr></thead>"


def _source_links(text: str, known: set[str]) -> str:
    return ", ".join(
        f'<a href="#source-{_e(s)}">{_e(s)}</a>' if s in known else _e(s)
        for s in (part.strip() for part in text.split(","))
        if s
    )


def _head_and_contents(folder: BundleFolder, title: str, version: str, *, claims: bool, sources: bool) -> list[str]:
    """The document's head, its header and the contents."""
    out = [
        "<!DOCTYPE html>",
        '<html lang="en-GB">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title>",
        f"<style>\n{_CSS}</style>",
        "</head>",
        "<body>",
        '<div class="page">',
        "<header>",
        '<p class="meta">Evidence bundle</p>',
        f"<h1>{_e(title)}</h1>",
        (
            f'<p class="meta">inquiry-analysis {_e(version)}; '
            f"{_e(commits_line(folder))}; {len(folder.exhibits)} exhibits; "
            f"built from {_e(folder.name)}/{provenance.MANIFEST}. The PDF of the same name beside this file "
            "carries the same content.</p>"
        ),
        f"<p>{_code(verify_line(folder))}</p>",
        "</header>",
        '<nav aria-labelledby="contents">',
        '<h2 id="contents">Contents</h2>',
        '<ol><li><a href="#index">Index of exhibits and files</a></li>',
    ]
    out += [
        f'<li><a href="#{e.exhibit_id}">Exhibit {e.exhibit_id}: {_e(e.sidecar.get("title", ""))}</a></li>'
        for e in folder.exhibits
    ]
    out += ['<li><a href="#claims">Claims checked against the published data</a></li>'] if claims else []
    out += ['<li><a href="#sources">Annex: cited documents</a></li>'] if sources else []
    out += ["</ol>", "</nav>", "<main>"]
    return out


def _index(folder: BundleFolder, pages: dict[str, int]) -> list[str]:
    """The index: every exhibit's files with size and sha256, then the inputs they cite."""
    out = []
    out += [
        '<section aria-labelledby="index">',
        '<h2 id="index">Index of exhibits and files</h2>',
        '<div class="scroll"><table class="files">',
        (
            f"<caption>Each exhibit's exported files, with their size and sha256 as {provenance.MANIFEST} records "
            "them</caption>"
        ),
        _head("Exhibit", "File", "Bytes", "sha256", "PDF page"),
    ]
    for exhibit in folder.exhibits:
        n = len(exhibit.files)
        out.append("<tbody>")
        for i, entry in enumerate(exhibit.files):
            lead = (
                (
                    f'<th scope="rowgroup" rowspan="{n}"><a class="id" href="#{exhibit.exhibit_id}">'
                    f"{exhibit.exhibit_id}</a><br>{_e(exhibit.sidecar.get('title', ''))}</th>"
                )
                if i == 0
                else ""
            )
            tail = f'<td rowspan="{n}">{pages.get(exhibit.exhibit_id, "")}</td>' if i == 0 else ""
            out.append(
                f"<tr>{lead}<td><code>{_e(entry['path'])}</code></td><td>{entry['bytes']:,}</td>"
                f'<td><code class="hash">{_e(entry["sha256"])}</code></td>{tail}</tr>'
            )
        out.append("</tbody>")
    out += [
        "</table></div>",
        '<div class="scroll"><table class="inputs">',
        "<caption>Data the exhibits cite, as their sidecars record them</caption>",
        _head("Input", "File", "sha256", "Cited by"),
        "<tbody>",
    ]
    for name, record, cited in inputs_cited(folder):
        where = record.get("path") or record.get("name", "")
        out.append(
            f'<tr><th scope="row">{_e(name)}</th><td>{_e(where)}</td><td><code class="hash">'
            f"{_e(record.get('sha256', ''))}</code></td><td>{_e(', '.join(cited))}</td></tr>"
        )
    out += ["</tbody></table></div>", "</section>"]
    return out


# Printing on A4: the page area the @page rule leaves (mm), and the print style's text sizes (pt) and line height.
_PAGE_MM = (184.0, 271.0)
_MM_PER_PT = 25.4 / 72
_LINE = 1.35
_FIGURE_MM = 110.0  # the smallest a chart is printed to keep its exhibit's text on the same page


def _text_mm(text: str, size: float, *, width: float = _PAGE_MM[0], bold: bool = False, line: float = _LINE) -> float:
    """The height (mm) ``text`` takes in print, estimated from its length.

    An average character of DejaVu Sans is about 0.53 em wide (0.58 bold); the estimate takes a little more, and
    rounds each paragraph up to whole lines, so that text estimated to fit does fit.
    """
    per_line = width / (size * _MM_PER_PT * (0.62 if bold else 0.57))
    return -(-len(text) // int(per_line)) * size * line * _MM_PER_PT


def _print_figure_mm(heading: str, car: dict, shown: str) -> tuple[int, bool]:
    """How tall (mm) an exhibit's chart may print, and whether the whole exhibit then fits on one A4 page.

    Where even the smallest chart (``_FIGURE_MM``) would not leave room for the text, the chart takes the page
    with its heading and caption, and the source and notes follow on the next page.
    """
    width, height = _PAGE_MM
    sheet = (
        _text_mm(heading, 13, bold=True, line=1.3)
        + _text_mm(car.get("subtitle", ""), 9.5)
        + _text_mm("Text alternative: " + car.get("alt_text", ""), 8, width=width - 4)
        + 9  # the paragraph's, caption's and figure's margins and paddings, and the chart's border
    )
    rest = _text_mm(car.get("source", ""), 8) + 2 + _text_mm(shown, 8)
    if car.get("notes"):
        rest += 9.5 * _LINE * _MM_PER_PT + 3 + 2 + sum(_text_mm(n, 8, width=width - 5) for n in car["notes"])
    room = height - sheet - rest - 8  # 8 mm spare for what the estimate misses
    return (int(room), True) if room >= _FIGURE_MM else (int(max(height - sheet - 4, 40)), False)


def _exhibits(folder: BundleFolder) -> list[str]:
    """Each exhibit: heading, subtitle, inline SVG with its text alternative, source and notes."""
    out = []
    for exhibit in folder.exhibits:
        car, eid = exhibit.sidecar, exhibit.exhibit_id
        svg = _inline_svg(read_svg(folder.path / exhibit.file("svg"), folder.name), exhibit)
        heading = f"Exhibit {eid}: {car.get('title', '')}"
        shown = (
            f'<p class="meta">Shown: <code>{_e(exhibit.file("svg"))}</code>. Vector original: '
            f"<code>{_e(exhibit.file('pdf'))}</code>; plotted data: <code>{_e(exhibit.file('csv'))}</code>"
            f' and <code>{_e(exhibit.file("xlsx"))}</code>. Their sha256 are in the <a href="#index">index</a>.'
            "</p>"
        )
        figure_mm, fits = _print_figure_mm(heading, car, html.unescape(re.sub(r"<[^>]*>", "", shown)))
        out += [
            f'<section class="exhibit" id="{eid}" aria-labelledby="{eid}-heading">',
            '<div class="sheet">',
            f'<h2 id="{eid}-heading">{_e(heading)}</h2>',
            f'<p class="subtitle">{_e(car.get("subtitle", ""))}</p>',
            f'<figure style="--figure-height:{figure_mm}mm">',  # its height in print: see _print_figure_mm
            svg,
            f"<figcaption><strong>Text alternative:</strong> {_e(car.get('alt_text', ''))}</figcaption>",
            "</figure>",
            "</div>",
            *([] if fits else [f'<p class="continued">{_e(f"Exhibit {eid}, continued")}</p>']),
            f"<p>{_e(car.get('source', ''))}</p>",
        ]
        if car.get("notes"):
            out += ["<h3>Notes</h3>", '<ol class="notes">', *(f"<li>{_e(n)}</li>" for n in car["notes"]), "</ol>"]
        out += [shown, "</section>"]
    return out


def _claims(claims: list[dict], sources: list[dict]) -> list[str]:
    """The claims table, each claim linked to the sources it cites."""
    out = []
    known = {s["source_id"] for s in sources}
    out += [
        '<section aria-labelledby="claims">',
        '<h2 id="claims">Claims checked against the published data</h2>',
        f"<p>{_e(VERDICTS)}</p>",
        '<div class="scroll"><table>',
        "<caption>Each claim, what the published data give for it, and the verdict</caption>",
        _head("Claim", "Claimed", "Published data give", "Verdict", "How the figure is read, and why", "Sources"),
        "<tbody>",
    ]
    for c in claims:
        words = f"<br>{_e(c['claim'])}" if c.get("claim") else ""
        expected = f"<br>(expected: {_e(c['expected'])})" if c.get("expected") and c["expected"] != c["verdict"] else ""
        working = "".join(f"<p>{_e(c[k])}</p>" for k in ("tolerance", "reason") if c.get(k))
        out.append(
            f'<tr><th scope="row" id="claim-{_e(c["claim_id"])}"><code>{_e(c["claim_id"])}</code>{words}</th>'
            f"<td>{_e(c['claimed'])}</td><td>{_e(c['published_data_give'])}</td>"
            f'<td><span class="verdict">{_e(c["verdict"])}</span>{expected}</td><td>{working}</td>'
            f"<td>{_source_links(c.get('sources', ''), known)}</td></tr>"
        )
    out += ["</tbody></table></div>", "</section>"]
    return out


def _sources(sources: list[dict]) -> list[str]:
    """The annex of cited documents."""
    out = []
    out += [
        '<section aria-labelledby="sources">',
        '<h2 id="sources">Annex: cited documents</h2>',
        '<div class="scroll"><table>',
        (
            "<caption>The documents the exhibits and the claims cite, by source id; a title in square "
            "brackets describes a document whose title is not recorded</caption>"
        ),
        _head("Source id", "Title", "Producer", "Date", "Note"),
        "<tbody>",
    ]
    for s in sources:
        url = s.get("url", "")
        link = f'<br><a href="{_e(url)}">{_e(url)}</a>' if safe_link(url) else (f"<br>{_e(url)}" if url else "")
        out.append(
            f'<tr><th scope="row" id="source-{_e(s["source_id"])}"><code>{_e(s["source_id"])}</code></th>'
            f"<td>{_e(s['title'])}{link}</td><td>{_e(s['producer'])}</td>"
            f"<td>{_e(s.get('date_published', ''))}</td><td>{_e(s.get('note', ''))}</td></tr>"
        )
    return out


def html_text(
    folder: BundleFolder, claims: list[dict], sources: list[dict], title: str, version: str, pages: dict[str, int]
) -> str:
    """The bundle as one self-contained HTML page.

    Parameters
    ----------
    folder : BundleFolder
        The folder read and checked.
    claims, sources : list of dict
        The claims table and the cited documents, as rows: no claims, no claims section; no documents,
        no annex.
    title, version : str
        The bundle's title and the package version it states.
    pages : dict of str to int
        Each exhibit's page in the PDF, for the index.

    Returns
    -------
    str
    """
    out = _head_and_contents(folder, title, version, claims=bool(claims), sources=bool(sources))
    out += _index(folder, pages) + _exhibits(folder)
    # A claims section only where claims were checked, an annex only where a document is cited.
    out += _claims(claims, sources) if claims else []
    out += _sources(sources) + ["</tbody></table></div>", "</section>"] if sources else []
    out += ["</main>", "</div>", "</body>", "</html>", ""]
    return "\n".join(out)
