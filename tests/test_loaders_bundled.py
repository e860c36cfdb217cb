"""The bundled tables: they load, carry the dossier's figures, and refuse tampering or schema breaks."""

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
    assert kirat.loc["kirat-higher-risk", "value"] + kirat.loc["kirat-lower-risk", "value"] == kirat.loc[
        "kirat-sample", "value"]
    assert kirat.loc["kirat-eu-higher-risk", "value"] + kirat.loc["kirat-eu-lower-risk", "value"] == 1148


def test_ceop_annual_children_safeguarded_add_up_to_the_published_cumulative_total():
    # 76 + 131 + 139 + 278 + 414 = 1,038 (CEOP Annual Review 2011): annual and cumulative rows agree.
    arrests = ia.load_arrests()
    annual = arrests[(arrests.measure == "children_safeguarded") & (arrests.period_kind == "financial_year")
                     & (arrests.period_end <= "2011-03-31")]
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
    assert group.loc["ref-2009-10-ceop", "value"] - group.loc["ref-2009-10-ceop-change", "value"] != group.loc[
        "ref-2008-09-ceop", "value"]
    bases = referrals[referrals.conflict == "base-of-700-percent"]["base_period"]
    assert bases.nunique() == 3


@pytest.mark.parametrize("name", FIGURE_TABLES + ["claims"])
def test_every_row_cites_a_known_source_with_a_locator(name):
    frame = ia.load_table(name)
    assert frame["source_id"].isin(ia.load_sources().index).all()
    assert frame["locator"].str.len().min() > 0


def _spellings(value):
    words = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight",
             9: "nine", 10: "ten", 11: "eleven", 12: "twelve"}
    number = float(value)
    if number.is_integer():
        n = int(number)
        return {f"{n:,}", str(n)} | ({words[n]} if n in words else set())
    return {f"{number:g}"}


def _stated(value, text):
    return any(re.search(rf"(?<![\d,.]){re.escape(s)}(?![\d]|,\d)", text) for s in _spellings(value))


def test_the_claims_figures_are_stated_in_the_source_dossier(dossier):
    claims = ia.load_claims()
    assert [c for c, v in claims["value"].items() if v != 0 and not _stated(v, dossier)] == []


# Where each table's rows are in the dossier, and how its text marks a place in a document.
SECTIONS = {"referrals": "2", "arrests": "4", "statements": "4", "ncmec": "3", "iwf": "5", "kirat": "6", "base_rates": "6"}
NO_LOCATOR = "no locator in the dossier"
LOCATOR_MARK = re.compile(r"\bp\.\s?\d|\bslide \d|\bpara|appendix|\btable \d|\blines \d|abstract|foreword|\bpart [a-z]\.",
                          re.IGNORECASE)
STATUSES = ("table", "quote", "secondary", "press")
HEDGES = {"approximately": r"approx(\.|imately)", "about": "about", "around": "around", "nearly": "nearly",
          "over": "over", "more than": r"more than|>", "just over": "just over"}


def _plain(text):
    return text.replace("`", "").replace("*", "").replace("–", "-")


def _dossier_tables(dossier, number):
    """Each table of section ``number``: (preamble prose, [(line, statuses)]); a table without a status column
    takes the status its preamble names."""
    body = dossier.split(f"\n## {number}. ", 1)[1].split("\n## ", 1)[0]
    tables, prose, lines = [], [], []
    for line in body.splitlines() + [""]:
        if line.startswith("|"):
            lines.append(line)
            continue
        if lines:
            text = " ".join(prose)
            default = set(re.findall(r"status `(\w+)`", text))
            rows = []
            for row in lines[2:]:
                cells = [c.strip().strip("`") for c in row.strip("|").split("|")]
                found = {s for c in cells for s in STATUSES if c in (s, "table / quote") and s in c}
                rows.append((_plain(row), found or default))
            tables.append((_plain(text), rows))
            prose, lines = [], []
        prose.append(line)
    return tables


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


def _says_same(line):
    """Whether a dossier row's source cell refers to the rows above it ("same", "same. Conflict: ...")."""
    return line.strip().strip("|").split("|")[-1].strip().lower().startswith("same")


@pytest.mark.parametrize("name", FIGURE_TABLES)
def test_every_row_has_the_status_period_and_locator_the_dossier_gives_it(name, dossier, seed_article):
    paragraphs = seed_article.split("\n\n")[2:]  # numbered as the claims cite them: title and advertisement first
    problems = []
    for figure_id, row in ia.load_table(name).iterrows():
        if row.status == "press":  # the seed article's own paragraph
            number = int(row.locator.removeprefix("para. "))
            if not _stated(row.value, paragraphs[number - 1]):
                problems.append((figure_id, "value not in the seed article's paragraph", row.locator))
            continue
        candidates = [(line, statuses, [r for r, _ in rows[:i]], prose)
                      for prose, rows in _dossier_tables(dossier, SECTIONS[name])
                      for i, (line, statuses) in enumerate(rows) if _stated(row.value, line)]
        if not candidates:
            problems.append((figure_id, "value not in its section", row.value))
            continue
        fitting = [c for c in candidates if row.status in c[1] and _period_in(row, c[0], c[2])]
        if not fitting:
            problems.append((figure_id, "no line with this status and period", row.status, row.period))
            continue
        locator = _plain(row.locator).lower()
        if locator == NO_LOCATOR:
            if all(LOCATOR_MARK.search(line) for line, *_ in fitting):
                problems.append((figure_id, "the dossier gives a locator", fitting[0][0]))
        elif not any(locator in " ".join([line, prose] + (earlier if _says_same(line) else [])).lower()
                     for line, _, earlier, prose in candidates):
            problems.append((figure_id, "locator not in the dossier", row.locator))
        if not pd.isna(row.qualifier) and row.qualifier in HEDGES:
            if not any(re.search(HEDGES[row.qualifier], line) for line, *_ in fitting):
                problems.append((figure_id, "hedge not in the dossier", row.qualifier))
    assert problems == []


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
        if line.startswith("|") and len(cells) == 5 and re.fullmatch(r"[a-z0-9][a-z0-9-]*", source_id) and source_id != "id":
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
    for claim_id, text in ia.load_claims()["claim"].items():
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
        ("arrests", "financial_year,2016-04-01", "fiscal_year,2016-04-01", 14, "period_kind",
         "got 'fiscal_year'.*expected one of calendar_year, financial_year"),
        ("arrests", "2016-04-01,2017-03-31", "2016-04-01,2016-12-31", 14, "period_end",
         "financial_year starting 2016-04-01 ends on 2017-03-31, got 2016-12-31"),
        ("ncmec", "2017-01-01,2017-12-31,,10214753", "2017-01-01,2017-12-31,,\"10,214,753\"", 21, "value",
         "has a thousands separator"),
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
        "Home Office, UK Parliament written answer")
    with pytest.raises(KeyError, match="no source 'nope'"):
        ia.source("nope")


def test_the_package_namespace_gives_functions_and_modules_on_first_use():
    import subprocess
    import sys

    code = "import inquiry_analysis as ia; print(ia.readers.KIRAT_LEVELS[-1], ia.load_kirat is ia.loaders.load_kirat)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "Very High True"
    with pytest.raises(AttributeError, match="has no attribute 'nope'"):
        ia.nope  # noqa: B018
