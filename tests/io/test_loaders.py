"""The bundled tables: they load, carry the dossier's figures, and refuse tampering or schema breaks."""

import dataclasses
import re

import pandas as pd
import pytest

import inquiry_analysis as ia
from inquiry_analysis import provenance

TABLES = ["sources", "referrals", "arrests", "statements", "ncmec", "iwf", "kirat", "base_rates", "claims"]
FIGURE_TABLES = ["referrals", "arrests", "statements", "ncmec", "iwf", "kirat", "base_rates"]


@pytest.mark.parametrize("name", TABLES)
def test_every_table_loads_with_its_hash_recorded(name):
    frame = ia.load_table(name)
    assert len(frame) > 0
    assert frame.index.is_unique
    assert frame.attrs["sha256"] == provenance.sha256_file(frame.attrs["path"])


def test_spot_values_match_the_dossier():
    assert ia.load_ncmec().loc["ncmec-2017-world", "value"] == 10_214_753
    assert ia.load_ncmec().loc["ncmec-2022-uk", "value"] == 316_900
    referrals = ia.load_referrals()
    assert referrals.loc["ref-2017-homeoffice", "value"] == 82_109
    assert referrals.loc["ref-2016-monthly-average", ["value", "unit"]].tolist() == [3545, "per_month"]
    assert ia.load_kirat().loc["kirat-sample", "value"] == 374
    assert ia.load_kirat().loc["kirat-overall-correct", "value"] == pytest.approx(83.7)
    assert ia.load_arrests().loc["arr-2016-17-nca", ["value", "status"]].tolist() == [170, "press"]


def test_kirat_groups_add_up_to_the_published_sample():
    kirat = ia.load_kirat()
    assert (
        kirat.loc["kirat-higher-risk", "value"] + kirat.loc["kirat-lower-risk", "value"]
        == kirat.loc["kirat-sample", "value"]
    )
    assert kirat.loc["kirat-eu-higher-risk", "value"] + kirat.loc["kirat-eu-lower-risk", "value"] == 1148


def test_ceop_annual_children_safeguarded_add_up_to_the_published_cumulative_total():
    # 76 + 131 + 139 + 278 + 414 = 1,038 (CEOP Annual Review 2011): annual and cumulative rows agree.
    arrests = ia.load_arrests()
    annual = arrests[
        (arrests.measure == "children_safeguarded")
        & (arrests.period_kind == "financial_year")
        & (arrests.period_end <= "2011-03-31")
    ]
    assert annual["value"].sum() == arrests.loc["arr-2006-11-cumulative-children", "value"] == 1038


def test_periods_are_typed_and_labelled():
    arrests = ia.load_arrests()
    row = arrests.loc["arr-2016-17-nca"]
    assert (row.period, row.period_kind) == ("2016-17", "financial_year")
    assert (row.period_start, row.period_end) == (pd.Timestamp("2016-04-01"), pd.Timestamp("2017-03-31"))
    claims = ia.load_claims()
    assert claims.loc["referrals-monthly-2016", "period"] == "2016-06-01 to 2016-08-31"
    assert pd.isna(claims.loc["kirat-accuracy", "period_start"])
    assert ia.load_statements().loc["stm-2020-03-arrests-low", "period"] == "2020-03"


def test_columns_are_typed():
    referrals = ia.load_referrals()
    assert str(referrals["value"].dtype) == "Int64"
    assert str(ia.load_kirat()["value"].dtype) == "Float64"
    assert isinstance(referrals["status"].dtype, pd.CategoricalDtype)
    assert list(referrals["status"].cat.categories) == ["table", "quote", "secondary", "press"]


def test_conflicting_sources_are_kept_and_flagged():
    referrals = ia.load_referrals()
    group = referrals[referrals.conflict == "ceop-2008-09-reports"]
    assert set(group.index) == {"ref-2008-09-ceop", "ref-2009-10-ceop", "ref-2009-10-ceop-change"}
    # The conflict itself: 6,291 less the stated increase of 880 is not the 5,686 published for 2008/09.
    assert (
        group.loc["ref-2009-10-ceop", "value"] - group.loc["ref-2009-10-ceop-change", "value"]
        != group.loc["ref-2008-09-ceop", "value"]
    )
    bases = referrals[referrals.conflict == "base-of-700-percent"]["base_period"]
    assert bases.nunique() == 3


@pytest.mark.parametrize("name", FIGURE_TABLES + ["claims"])
def test_every_row_cites_a_known_source_with_a_locator(name):
    frame = ia.load_table(name)
    assert frame["source_id"].isin(ia.load_sources().index).all()
    assert frame["locator"].str.len().min() > 0


def _spellings(value, unit=None):
    words = {
        1: "one",
        2: "two",
        3: "three",
        4: "four",
        5: "five",
        6: "six",
        7: "seven",
        8: "eight",
        9: "nine",
        10: "ten",
        11: "eleven",
        12: "twelve",
    }
    number = float(value)
    if not number.is_integer():
        return {f"{number:g}"}
    n = int(number)
    plain = {f"{n:,}", str(n)} | ({words[n]} if n in words else set())
    return {f"1 in {n}", f"one in {words.get(n, n)}"} if unit == "one_in_n" else plain


def _where(value, text, unit=None):
    """The first place ``text`` states ``value``, or None."""
    found = [m for s in _spellings(value, unit) for m in re.finditer(rf"(?<![\d,.]){re.escape(s)}(?![\d]|,\d)", text)]
    return min(found, key=lambda m: m.start()) if found else None


def _stated(value, text):
    return _where(value, text) is not None


def test_the_claims_figures_are_stated_in_the_source_dossier(dossier):
    claims = ia.load_claims()
    assert len(claims) >= 15
    stated = [
        c for c, v in claims["value"].items() if not pd.isna(v) and v not in (0, 2, 50)
    ]  # "no", "double", "majority"
    assert [c for c in stated if not _stated(claims.loc[c, "value"], dossier)] == []


# How each figure row is matched to the dossier, and checked against it.
#
# The dossier's tables (sections 2-6) are parsed row by row. A data row is matched to the dossier row(s) that
# (1) state its value in the row's own text: every cell but the status cell, and the source cell without its
#     "Conflict: ..." / "Note: ..." sentences, which speak of *other* rows ("the exact 682 ... in the row above");
# (2) carry its period (as before: the period in the line; a grid's value beside its year; a sample's span once
#     in an earlier row of its table);
# (3) name its source_id. A dossier row names the section-7 sources whose marks are in its source cell (after
#     "same ..." chains up to the rows above; a table without a source column: its row text, else its preamble):
#     the title, the title without brackets, a quoted or `coded` name inside it, a date to the day or, when the
#     date cell gives only a month, that month; an author-year citation ("Long et al. (2016)"); a producer named
#     by no other source; "YYYY edition" for a yearly edition whose title starts with the year.
# Each remaining row must then give the data row's status, and the hedge word standing right before the value
# in it ("nearly 10,000", "approx. 14 questions"; a restatement in brackets takes its figure's hedge: "about 1 in
# 8 (12%)"), or the range it opens or closes ("400 to 450"), both ways: no hedge in the data that the dossier
# lacks, none dropped. The locator must be in a dossier row that states the value and names the source (a
# document's page holds its figure whatever period the row is filed under: 278 is quoted from the foreword in
# the 2006/07 row). Two data rows transcribing the same figure of the same dossier row from the same source is an
# error too: a source swapped onto another row's source leaves one of the dossier's figures untranscribed.
SECTIONS = {
    "referrals": "2",
    "arrests": "4",
    "statements": "4",
    "ncmec": "3",
    "iwf": "5",
    "kirat": "6",
    "base_rates": "6",
}
NO_LOCATOR = "no locator in the dossier"
LOCATOR_MARK = re.compile(
    r"\bp\.\s?\d|\bslide \d|\bpara|appendix|\btable \d|\blines \d|abstract|foreword|\bpart [a-z]\.", re.IGNORECASE
)
STATUSES = ("table", "quote", "secondary", "press")
HEDGE = r"(?:(?<!\w)(?:just over|more than|approx(?:imately|\.)|about|around|nearly|over)(?!\w)|>)"
HEDGE_NAMES = {"approx.": "approximately", ">": "more than"}
COMMENTARY = re.compile(r"(?:^|(?<=[.;]) )(?:Conflict|Note):.*$")
MONTHS = {
    "January": "Jan",
    "February": "Feb",
    "March": "Mar",
    "April": "Apr",
    "June": "Jun",
    "July": "Jul",
    "August": "Aug",
    "September": "Sep",
    "October": "Oct",
    "November": "Nov",
    "December": "Dec",
}
MONTH_DATE = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}"
# The one source the dossier's tables name in words of their own (no title, date or author in section 7 to
# match): "IWF news release on the 2018 annual report" for "[IWF news release with the 2018 figures]", undated.
# test_source_aliases_are_still_needed fails when the alias is no longer needed or no longer in the dossier.
SOURCE_ALIASES = {"iwf-2018-release": "IWF news release on the 2018 annual report"}


def _plain(text):
    text = text.replace("`", "").replace("*", "").replace("–", "-").replace("−", "-")
    return re.sub(r"\b(" + "|".join(MONTHS) + r")\b", lambda m: MONTHS[m.group(1)], text)


def _cells(line):
    return [c.strip() for c in line.strip().strip("|").split("|")]


@dataclasses.dataclass
class _DossierRow:
    line: str  # the whole row, plain
    text: str  # where its own figures are stated: all cells but status, source cell without its commentary
    statuses: set
    source: str  # its source cell, with the rows above when it says "same"; or its row text and preamble
    prose: str  # the table's preamble
    earlier: list  # the rows above it in its table
    names: set = dataclasses.field(default_factory=set)  # the section-7 ids it names


def _source_marks(dossier):
    """Section 7: each source id and the phrases that name it in the dossier's tables (see the comment above)."""
    rows = [_cells(line) for line in dossier.split("\n## 7. ", 1)[1].splitlines() if line.startswith("|")]
    rows = [(c[0].removesuffix("*(new)*").strip(), *c[1:]) for c in rows if len(c) == 5]
    rows = [c for c in rows if re.fullmatch(r"[a-z0-9][a-z0-9-]*", c[0]) and c[0] != "id"]
    producers = [re.sub(r"\s*\([^)]*\)", "", p) for _, _, p, _, _ in rows]
    marks = {}
    for (source_id, title, producer, date, _), short in zip(rows, producers):
        found = {_plain(m) for pair in re.findall(r'"([^"]+)"|`([^`]+)`', title) for m in pair if m}
        title = re.sub(r"\s*\([^()]*\)$", "", title)
        found |= {_plain(title).strip('"[] '), _plain(re.sub(r"\s*\([^)]*\)", "", title)).strip('"[] ')}
        date = _plain(date)
        found |= {rf"\b{d}" for d in re.findall(r"\b\d{1,2} " + MONTH_DATE, date)}
        if not re.search(r"\d{1,2} " + MONTH_DATE, date):
            found |= {rf"(?<!\d )\b{m}" for m in re.findall(MONTH_DATE, date)}
        surname = re.search(r"\b[A-Z][a-z]{2,}\b", producer)
        if re.fullmatch(r"\d{4}", date) and surname:
            found.add(rf"\b{surname.group()}\b[^|;()]*\({date}\)")
        if producers.count(short) == 1 and len(short.split()) > 2 and "not located" not in short:  # not "NCMEC"
            found |= {_plain(producer), _plain(short)}
        year = re.match(r'"?(\d{4}) ', title)
        if year:  # "2021 edition", not "the CY 2021 edition"
            found.add(rf"(?<![A-Z] )\b{year.group(1)} edition")
        marks[source_id] = {
            m if m.startswith(("(?", r"\b")) else re.escape(m) for m in found if len(m) > 5 and "not located" not in m
        }
    return marks


def _names(text, marks):
    return {i for i, found in marks.items() if any(re.search(m, text) for m in found)}


def _dossier_rows(dossier, number, marks):
    """The rows of section ``number``'s tables, each with the sources it names. A table without a status column
    takes the status its preamble names."""
    body = dossier.split(f"\n## {number}. ", 1)[1].split("\n## ", 1)[0]
    found, prose, lines = [], [], []
    for line in body.splitlines() + [""]:
        if line.startswith("|"):
            lines.append(line)
            continue
        if lines:
            text = _plain(" ".join(prose))
            default = set(re.findall(r"status (\w+)", text))
            has_source = _cells(lines[0])[-1] == "source"
            rows, source = [], ""
            for raw in lines[2:]:
                cells = [_plain(c) for c in _cells(raw)]
                statuses = {s for c in cells for s in STATUSES if c in (s, "table / quote") and s in c}
                own = [c for c in cells if c not in STATUSES and c != "table / quote"]
                if has_source:
                    own[-1] = COMMENTARY.sub("", own[-1])
                    source = (source + " " + cells[-1]) if cells[-1].lower().startswith("same") else cells[-1]
                else:
                    source = _plain(raw) + " " + text
                row = _DossierRow(
                    _plain(raw), " | ".join(own), statuses or default, source, text, [r.line for r in rows]
                )
                row.names = _names(row.source if has_source else row.line, marks) or _names(
                    row.source if has_source else text, marks
                )
                rows.append(row)
            found += rows
            prose, lines = [], []
        prose.append(line)
    return found


def _hedge(value, unit, text):
    """The hedge (or range end) the dossier gives ``value`` in ``text``: "" for none."""
    found = _where(value, text, unit)
    before, after = text[: found.start()], text[found.end() :]
    if re.search(r"\d to $", before):
        return "range_high"
    if re.match(r" to \d", after):
        return "range_low"
    hedge = re.search(rf"({HEDGE})[\s\"“(]*$", before) or re.search(  # "about 1 in 8 (12%)": the bracket restates
        rf"({HEDGE}) [\w.,]+(?: in \w+)?%? \($", before
    )
    return HEDGE_NAMES.get(hedge.group(1), hedge.group(1)) if hedge else ""


def _period_tokens(row):
    start, end, kind = row.period_start, row.period_end, row.period_kind
    if kind == "calendar_year":
        return [str(start.year)]
    if kind == "financial_year":
        y = start.year
        return [f"{y}/{(y + 1) % 100:02d}", f"{y}-{(y + 1) % 100:02d}", f"Apr {y}-Mar {y + 1}"]
    if kind == "year_unstated":
        return [f"{start.year} (calendar or financial not stated)"]
    if kind == "statement_date":
        return [f"{start.day} {start:%b %Y}"] if start == end else [f"{start:%b %Y}"]
    if kind == "span":
        return [f"{start.year}-{end.year}", f"{start.year}-{end.year % 100:02d}", f"{start:%b}-{end:%b %Y}"]
    return []


def _period_in(row, line, earlier):
    tokens = _period_tokens(row)
    if not tokens:
        return True
    years = [c for c in line.strip("|").split("|") if re.fullmatch(r"\s*\d{4}\s*", c)]
    if len(years) > 1:  # a grid of years and values: the value must stand beside its year
        return any(re.search(rf"\| {t} \| {re.escape(s)} \|", line) for t in tokens for s in _spellings(row.value))
    # A table may state its sample's period once, in an earlier row.
    return any(t in text for t in tokens for text in [line] + (earlier if row.period_kind == "span" else []))


def dossier_problems(name, frame, dossier, seed_article):
    """Each row of figure table ``name`` against the dossier rows that state it (see the comment above):
    a list of (figure_id, what differs, ...)."""
    paragraphs = seed_article.split("\n\n")[2:]  # numbered as the claims cite them: title and advertisement first
    marks = _source_marks(dossier) | {i: {re.escape(a)} for i, a in SOURCE_ALIASES.items()}
    rows = _dossier_rows(dossier, SECTIONS[name], marks)
    problems, taken = [], {}
    for figure_id, row in frame.iterrows():

        def report(what, *detail, figure_id=figure_id):
            problems.append((figure_id, what, *detail))

        if row.status == "press":  # the seed article's own paragraph
            number = int(row.locator.removeprefix("para. "))
            if not _stated(row.value, paragraphs[number - 1]):
                report("value not in the seed article's paragraph", row.locator)
            continue
        holders = [r for r in rows if _where(row.value, r.text, row.unit) is not None]
        timed = [r for r in holders if _period_in(row, r.line, r.earlier)]
        matched = [r for r in timed if row.source_id in r.names]
        if not holders:
            report("value in no dossier row of its section", row.value)
            continue
        if not timed:
            report("no dossier row states this value for this period", row.period, [r.line for r in holders])
            continue
        if not matched:
            named = sorted(set().union(*(r.names for r in timed)))
            report(
                f"source {row.source_id} differs: the dossier row(s) stating {row.value} for {row.period} name {named}",
                [r.line for r in timed],
            )
            continue
        qualifier = "" if pd.isna(row.qualifier) else str(row.qualifier)
        for r in matched:
            if row.status not in r.statuses:
                report(f"status {row.status}, the dossier says {'/'.join(sorted(r.statuses))}", r.line)
            hedge = _hedge(row.value, row.unit, r.text)
            if qualifier != hedge:
                report(f"qualifier {qualifier or '(none)'}, the dossier says {hedge or '(no hedge)'}", r.line)
            key = (id(r), row.measure, row.value, row.source_id)
            if key in taken:
                report(f"the same dossier figure ({row.value} from {row.source_id}) as {taken[key]}", r.line)
            taken.setdefault(key, figure_id)
        locator = _plain(row.locator).lower()
        if locator == NO_LOCATOR:
            if all(LOCATOR_MARK.search(r.source) for r in matched):
                report("the dossier gives a locator", matched[0].source)
        elif not any(locator in f"{r.source} {r.line} {r.prose}".lower() for r in holders if row.source_id in r.names):
            report(
                f"locator {row.locator!r} not in the dossier row(s) giving this value from {row.source_id}",
                [r.line for r in matched],
            )
    return problems


@pytest.mark.parametrize("name", FIGURE_TABLES)
def test_every_row_has_the_status_period_source_hedge_and_locator_the_dossier_gives_it(name, dossier, seed_article):
    assert dossier_problems(name, ia.load_table(name), dossier, seed_article) == []


def test_source_aliases_are_still_needed(dossier):
    marks = _source_marks(dossier)
    rows = [r for number in sorted(set(SECTIONS.values())) for r in _dossier_rows(dossier, number, marks)]
    for source_id, alias in SOURCE_ALIASES.items():
        assert source_id in marks, source_id  # still a section-7 source
        assert any(alias in r.source for r in rows), (source_id, "alias no longer in the dossier")
        assert not any(source_id in r.names for r in rows), (source_id, "named without the alias now")


# Wrong rows the check must catch, applied to the loaded tables in memory: (table, figure_id, column, new value,
# what the problem says).
MUTATIONS = [
    ("referrals", "ref-2017-disseminations", "qualifier", None, "qualifier (none), the dossier says nearly"),
    ("referrals", "ref-2014-disseminations", "qualifier", None, "qualifier (none), the dossier says just over"),
    ("referrals", "ref-2021-cases-sent", "qualifier", None, "qualifier (none), the dossier says more than"),
    ("statements", "stm-2018-09-06-arrests", "qualifier", None, "qualifier (none), the dossier says about"),
    ("statements", "stm-2019-20-arrests", "qualifier", None, "qualifier (none), the dossier says approximately"),
    ("statements", "stm-2019-20-arrests", "qualifier", "around", "qualifier around, the dossier says approximately"),
    ("kirat", "kirat-questions", "qualifier", None, "qualifier (none), the dossier says approximately"),
    ("base_rates", "base-seto-official-percent", "qualifier", None, "qualifier (none), the dossier says about"),
    ("statements", "stm-2014-07-16-arrests", "qualifier", "about", "qualifier about, the dossier says (no hedge)"),
    (
        "statements",
        "stm-2020-03-arrests-high",
        "qualifier",
        "range_low",
        "qualifier range_low, the dossier says range_high",
    ),
    (
        "referrals",
        "ref-2017-npcc",
        "source_id",
        "ho-pq-214554",
        "the same dossier figure (82109 from ho-pq-214554) as ref-2017-homeoffice",
    ),
    ("referrals", "ref-2017-npcc", "source_id", "drake-2017-03-15", "source drake-2017-03-15 differs"),
    ("iwf", "iwf-2014-urls", "source_id", "iwf-ar-2015", "source iwf-ar-2015 differs"),
    ("ncmec", "ncmec-2021-uk", "source_id", "ncmec-by-country-2022", "source ncmec-by-country-2022 differs"),
    ("statements", "stm-2015-12-10-arrests", "status", "quote", "status quote, the dossier says secondary"),
    ("kirat", "kirat-sample", "status", "secondary", "status secondary, the dossier says quote"),
    ("kirat", "kirat-sample", "locator", "slide 3", "locator 'slide 3' not in the dossier row(s)"),
    ("arrests", "arr-2008-09", "locator", "foreword", "locator 'foreword' not in the dossier row(s)"),
    ("kirat", "kirat-hr-high", "locator", NO_LOCATOR, "the dossier gives a locator"),
    ("ncmec", "ncmec-2020-uk", "locator", NO_LOCATOR, "the dossier gives a locator"),
]


@pytest.mark.parametrize(
    ("name", "figure_id", "column", "new", "message"), MUTATIONS, ids=[f"{m[1]}-{m[2]}-{m[3]}" for m in MUTATIONS]
)
def test_the_dossier_check_names_a_row_that_differs_from_the_dossier(
    name, figure_id, column, new, message, dossier, seed_article
):
    frame = ia.load_table(name).astype({column: object})
    assert frame.loc[figure_id, column] != new
    frame.loc[figure_id, column] = new
    problems = dossier_problems(name, frame, dossier, seed_article)
    assert [p for p in problems if p[0] == figure_id and message in p[1]], problems


@pytest.mark.parametrize("name", FIGURE_TABLES)
def test_every_secondary_row_names_the_third_party_it_was_seen_through(name):
    frame = ia.load_table(name)
    secondary = frame[frame.status == "secondary"]
    assert secondary["via"].notna().all(), list(secondary.index[secondary["via"].isna()])
    known = set(ia.load_sources().index)
    assert {i for via in secondary["via"] for i in via.split("; ")} <= known
    assert frame.loc[frame.status != "secondary", "via"].isna().all()


def test_a_secondary_row_without_its_intermediary_is_refused(edit_bundled, data_copy):
    edit_bundled("arrests", "secondary,ceop-results-2008-04,cyberlaw-2008-04-27,", "secondary,ceop-results-2008-04,,")
    with pytest.raises(ia.DataError, match="a secondary figure must name the third party") as err:
        ia.load_arrests(data_dir=data_copy)
    assert (err.value.row, err.value.column) == (3, "via")


def test_an_intermediary_must_be_a_known_source(edit_bundled, data_copy):
    edit_bundled("iwf", ",giblad-2018-04,", ",giblad,")
    with pytest.raises(ia.DataError, match="unknown source_id 'giblad'"):
        ia.load_iwf(data_dir=data_copy)


def _dossier_links(dossier):
    """Section 7: source id to the cell giving its URL or DOI."""
    body = dossier.split("\n## 7. ", 1)[1]
    links = {}
    for line in body.splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        source_id = cells[0].removesuffix("*(new)*").strip()  # "ho-pq-77806 *(new)*": the revision mark is not the id
        if (
            line.startswith("|")
            and len(cells) == 5
            and re.fullmatch(r"[a-z0-9][a-z0-9-]*", source_id)
            and source_id != "id"
        ):
            links[source_id] = cells[4]
    return links


def test_sources_carry_the_url_or_doi_the_dossier_gives_and_no_other(dossier):
    sources = ia.load_sources()
    links = _dossier_links(dossier)
    assert len(links) > 40
    urls = set(sources["url"].dropna())
    for source_id, cell in links.items():
        if source_id not in sources.index:
            continue  # a missing source fails the next test
        row = sources.loc[source_id]
        first = re.match(r"(https?://\S+|doi:\S+)", cell)
        truncated = first and ("..." in first.group(1) or "…" in first.group(1))
        if first and not truncated:
            link = first.group(1)
            recorded = f"doi:{row.doi}" if link.startswith("doi:") else row.url
            assert recorded == link, source_id
        else:
            assert pd.isna(row.url) and pd.isna(row.doi), (source_id, "the dossier gives no whole address")
        # Every third party's address the dossier gives is recorded as a source of its own.
        for via in re.findall(r"via [^:;]+: (https?://\S+)", cell):
            assert via in urls, (source_id, via)


# Dossier sources deliberately not in data/sources.csv, each with the reason. Empty: every source the
# dossier lists is transcribed (the CPORT studies too, though no figure of theirs is in data/).
DELIBERATE_OMISSIONS: dict[str, str] = {}


def test_every_dossier_source_is_transcribed_unless_deliberately_left_out(dossier):
    links = _dossier_links(dossier)
    assert {"ho-pq-77806", "nca-2026-02-17", "seto-eke-2015", "nca-ara-2016-17"} <= set(links)  # parsed, marks and all
    missing = set(links) - set(ia.load_sources().index) - set(DELIBERATE_OMISSIONS)
    assert missing == set()


def test_claims_quote_the_seed_article_word_for_word(seed_article):
    claims = ia.load_claims()
    for claim_id, text in claims.loc[claims["source_id"] == "seed-article", "claim"].items():
        for fragment in text.split(" ... "):
            assert fragment in seed_article, (claim_id, fragment)


def test_loading_never_writes_into_data():
    folder = provenance.bundled_data_dir()
    before = {p.name: (p.stat().st_mtime_ns, p.stat().st_size) for p in folder.iterdir()}
    for name in TABLES:
        ia.load_table(name)
    assert {p.name: (p.stat().st_mtime_ns, p.stat().st_size) for p in folder.iterdir()} == before
    assert all(check.ok for check in provenance.check_data_package(folder))


def test_tampered_copy_is_refused_naming_the_file_and_both_hashes(data_copy):
    path = data_copy / "ncmec.csv"
    original = provenance.sha256_file(path)
    path.write_text(path.read_text(encoding="utf-8").replace("10214753", "10214754"), encoding="utf-8")
    with pytest.raises(ia.DataError, match=r"ncmec\.csv: does not match datapackage\.json") as err:
        ia.load_ncmec(data_dir=data_copy)
    assert original in str(err.value) and provenance.sha256_file(path) in str(err.value)


def test_a_tampered_source_list_is_refused_even_when_loading_another_table(data_copy):
    (data_copy / "sources.csv").write_text("source_id,title\n", encoding="utf-8")
    with pytest.raises(ia.DataError, match=r"sources\.csv: does not match"):
        ia.load_referrals(data_dir=data_copy)


@pytest.mark.parametrize(
    ("table", "old", "new", "row", "column", "message"),
    [
        (
            "arrests",
            "financial_year,2016-04-01",
            "fiscal_year,2016-04-01",
            14,
            "period_kind",
            "got 'fiscal_year'.*expected one of calendar_year, financial_year",
        ),
        (
            "arrests",
            "2016-04-01,2017-03-31",
            "2016-04-01,2016-12-31",
            14,
            "period_end",
            "financial_year starting 2016-04-01 ends on 2017-03-31, got 2016-12-31",
        ),
        (
            "ncmec",
            "2017-01-01,2017-12-31,,10214753",
            '2017-01-01,2017-12-31,,"10,214,753"',
            21,
            "value",
            "has a thousands separator",
        ),
        ("ncmec", ",10214753,", ",10214753*,", 21, "value", "ends in the footnote marker"),
        ("iwf", ",57335,", ",-57335,", 12, "value", "must not be negative"),
        ("kirat", ",83.7,", ",eighty,", 12, "value", "expected a number, got 'eighty'"),
        ("arrests", "ceop-ar-2011,", "ceop-ar-2012,", 9, "source_id", "unknown source_id 'ceop-ar-2012'"),
        ("referrals", "ref-2017-npcc,", "ref-2017-homeoffice,", 4, "figure_id", r"appears again \(first on row 2\)"),
        ("statements", ",quote,nca-2020-04-03,", ",,nca-2020-04-03,", 12, "status", "is empty; expected one of table"),
    ],
)
def test_schema_breaks_name_file_row_and_column(edit_bundled, data_copy, table, old, new, row, column, message):
    edit_bundled(table, old, new)
    with pytest.raises(ia.DataError, match=message) as err:
        ia.load_table(table, data_dir=data_copy)
    assert (err.value.row, err.value.column) == (row, column)
    assert err.value.path.endswith(f"{table}.csv")


def test_a_renamed_column_in_a_bundled_table_is_named(edit_bundled, data_copy):
    edit_bundled("iwf", "figure_id,measure,scope", "figure_id,measures,scope")
    with pytest.raises(ia.DataError, match="missing column 'measure'.*'measures' looks like a misspelling") as err:
        ia.load_iwf(data_dir=data_copy)
    assert (err.value.row, err.value.column) == (1, "measure")


def test_source_record_gives_the_exhibit_source_line():
    assert ia.source("ho-pq-214554").source_line() == (
        "Source: Offences against Children: Internet (written question 214554) "
        "(https://parallelparliament.co.uk/question/214554/offences-against-children-internet) from "
        "Home Office, UK Parliament written answer"
    )
    with pytest.raises(KeyError, match="no source 'nope'"):
        ia.source("nope")


def test_the_package_namespace_gives_functions_and_modules_on_first_use():
    import subprocess
    import sys

    code = (
        "import inquiry_analysis as ia; "
        "print(ia.io.readers.KIRAT_LEVELS[-1], ia.load_kirat is ia.io.loaders.load_kirat)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "Very High True"
    with pytest.raises(AttributeError, match="has no attribute 'nope'"):
        ia.nope  # noqa: B018
