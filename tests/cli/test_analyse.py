"""`analyse`, `verify --figures` and `reproduce --data-dir` end to end (the committed-manifest check is in test_cli.py).

Notebooks and files here are synthetic fixtures written by the tests (or the labelled synthetic
examples under examples/).
"""

import json
from pathlib import Path

import nbformat
import pytest

from inquiry_analysis import cli, provenance
from inquiry_analysis.cli import analyse as _analyse
from inquiry_analysis.cli import runner as _runner
from tests.projects import EXPORT_CELL, write_notebook

ROOT = provenance.bundled_data_dir().parent
EXAMPLES = ROOT / "examples"


@pytest.fixture
def project(tmp_path):
    (tmp_path / "notebooks").mkdir()
    write_notebook(tmp_path / "notebooks" / "01_synthetic.ipynb", EXPORT_CELL)
    return tmp_path


def test_reproduce_with_a_data_dir_loads_and_cites_that_package(project, data_copy, edit_bundled, capsys):
    # The notebook that exports also loads and prints (one kernel fewer than a notebook each: a kernel is ~1.5 s).
    write_notebook(
        project / "notebooks" / "01_synthetic.ipynb",
        EXPORT_CELL,
        "import inquiry_analysis as ia\nprint(ia.load_ncmec().loc['ncmec-2017-world', 'value'])",
    )
    # An analysis notebook runs too (its stored outputs stay current) but its exhibits stay out of figures/.
    (project / "notebooks" / "analyse").mkdir()
    write_notebook(project / "notebooks" / "analyse" / "referrals.ipynb", EXPORT_CELL.replace('"IA-98"', '"AN-01"'))
    edit_bundled("ncmec", "10214753", "10214754")
    assert cli.main(["reproduce", "--root", str(project), "--data-dir", str(data_copy), "--no-bundle"]) == 0
    assert "[2/2]" in capsys.readouterr().out
    printed = nbformat.read(project / "notebooks" / "01_synthetic.ipynb", as_version=4).cells[2].outputs[0]["text"]
    assert printed == "10214754\n"
    sidecar = json.loads((project / "figures" / "IA-98.json").read_text(encoding="utf-8"))
    assert sidecar["inputs"]["ncmec"]["sha256"] == provenance.sha256_file(data_copy / "ncmec.csv")
    manifest = json.loads((project / "figures" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["data_package"]["ncmec.csv"] == provenance.sha256_file(data_copy / "ncmec.csv")
    executed = nbformat.read(project / "notebooks" / "analyse" / "referrals.ipynb", as_version=4)
    assert executed.cells[1].outputs[-1]["text"] == "exported AN-01\n"
    assert {p.name for p in (project / "figures").iterdir()} == {
        f"IA-98.{x}" for x in ("svg", "pdf", "png", "csv", "xlsx", "json")
    } | {"manifest.json", "reproduce-record.json"}


PARAMETERISED = (
    "# the defaults\nreferrals_file = None\nreader_options = {}",
    "import inquiry_analysis as ia\nfrom inquiry_analysis import exhibits\n"
    "mine = ia.io.open_input(referrals_file, kind='monthly_referrals', **reader_options)\n"
    "exhibit = exhibits.Exhibit(exhibit_id='AN-01', title='Synthetic', subtitle='Synthetic test series', "
    "source=mine.attrs['input'].source_line(), alt_text='Points.', data=mine[['referrals']], inputs=(mine,))\n"
    "fig, ax = exhibits.new_figure(exhibit)\nax.plot(range(len(mine)), mine['referrals'])\n"
    "exhibits.export_exhibit(exhibit, fig, directory=out)\nprint(int(mine['referrals'].sum()))",
)


@pytest.fixture
def templates(tmp_path):
    folder = tmp_path / "templates"
    folder.mkdir()
    write_notebook(folder / "referrals.ipynb", *PARAMETERISED[1:], parameters=PARAMETERISED[0] + "\nout = None")
    return folder


def test_parameters_are_injected_after_the_parameters_cell_as_papermill_does(templates):
    notebook = nbformat.read(templates / "referrals.ipynb", as_version=4)
    _runner.inject_parameters(notebook, {"referrals_path": "/x/a.csv", "sheet": None})
    _runner.inject_parameters(notebook, {"referrals_path": "/x/b.csv", "sheet": "Data"})  # replaces, not adds
    assert [c.metadata.get("tags") for c in notebook.cells] == [["parameters"], ["injected-parameters"], None]
    assert notebook.cells[1].source == "# Parameters\nreferrals_path = '/x/b.csv'\nsheet = 'Data'"
    assert notebook.cells[1].id == "injected-parameters"


def test_analyse_writes_exhibits_citing_the_file_and_a_manifest_that_verifies(templates, tmp_path, capsys, monkeypatch):
    from inquiry_analysis.exhibits import manifest as manifest_module
    from inquiry_analysis.io import readers

    mine = tmp_path / "mine.csv"
    mine.write_text("month,referrals\n2016-01,3400\n2016-02,3520\n", encoding="utf-8")
    digest = provenance.sha256_file(mine)
    out = tmp_path / "out"
    calls = []
    real_read = readers.read_monthly_referrals
    monkeypatch.setattr(readers, "read_monthly_referrals", lambda *a, **k: calls.append(a) or real_read(*a, **k))
    analysis = _analyse.plan(referrals=mine, notebooks=templates)
    assert len(calls) == 1  # the file is read, checked and hashed once
    assert analysis.inputs["referrals"].sha256 == digest
    # The kernels are other processes and cannot be counted; a notebook that read the file again would fail.
    mine.rename(tmp_path / "moved.csv")
    writes = []
    real_write = manifest_module.write_manifest
    monkeypatch.setattr(manifest_module, "write_manifest", lambda *a, **k: writes.append(a) or real_write(*a, **k))
    runs = _analyse.run(analysis, out, jobs=1)
    assert len(writes) == 1  # the manifest is written once, when every exhibit is in
    assert [r.error for r in runs] == [None]
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [f"AN-01.{x}" for x in ("svg", "pdf", "png", "csv", "xlsx", "json")] + ["manifest.json", "referrals.ipynb"]
    )
    executed = nbformat.read(out / "referrals.ipynb", as_version=4)
    assert executed.cells[-1].outputs[-1]["text"] == "6920\n"
    # The stored notebook names its input by identity (kind, name, sha256, options), never a folder.
    assert executed.cells[1].source.splitlines()[1].startswith("referrals_file = {'kind': 'monthly_referrals', ")
    assert "'sha256': '" + digest + "'" in executed.cells[1].source
    (tmp_path / "moved.csv").rename(mine)
    for name in ("referrals.ipynb", "AN-01.json", "manifest.json"):  # the files are named, their folder is not
        assert str(tmp_path) not in (out / name).read_text(encoding="utf-8")
    sidecar = json.loads((out / "AN-01.json").read_text(encoding="utf-8"))
    assert sidecar["inputs"]["mine.csv"]["sha256"] == provenance.sha256_file(mine)
    assert sidecar["source"].startswith("Source: mine.csv (the analyst's own file, sha256 ")
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["made_by"] == _analyse.MADE_BY and "mine.csv" in manifest["inputs"]
    assert cli.main(["verify", "--figures", str(out)]) == 0
    csv = out / "AN-01.csv"
    csv.write_bytes(csv.read_bytes().replace(b"3400", b"3401"))
    capsys.readouterr()
    assert cli.main(["verify", "--figures", str(out)]) == 1
    assert f"FAIL {csv}: sha256 is" in capsys.readouterr().out
    assert not list(tmp_path.glob(".out-*"))


def test_analyse_reports_every_bad_file_and_touches_nothing(tmp_path, capsys):
    bad_referrals = tmp_path / "referrals.csv"
    bad_referrals.write_text("month,referrals\n2016-01,3,400\n", encoding="utf-8")
    bad_cases = tmp_path / "cases.csv"
    bad_cases.write_text("risk_level,outcome\nHgh,yes\n", encoding="utf-8")
    out = tmp_path / "out"
    code = cli.main(["analyse", "--referrals", str(bad_referrals), "--cases", str(bad_cases), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 1
    assert "referrals.csv" in err and "cases.csv, row 2, column 'risk_level'" in err
    assert f"Nothing was run, and {out} was not touched." in err
    assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["cases.csv", "referrals.csv"]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ([], "give at least one file: --referrals, --arrests, --cases or --referral-log"),
        (["--arrests", str(EXAMPLES / "synthetic_arrests_by_month.csv")], "--arrests needs --referrals too"),
    ],
)
def test_analyse_says_what_is_missing(arguments, message, tmp_path, capsys):
    assert cli.main(["analyse", *arguments, "--out", str(tmp_path / "out")]) == 1
    assert message in capsys.readouterr().err


def test_analyse_never_writes_into_the_repository_or_over_a_folder_it_did_not_make(tmp_path):
    with pytest.raises(ValueError, match="is inside the repository"):
        _analyse.check_out_dir(ROOT / "figures", checkout=ROOT)
    with pytest.raises(ValueError, match="is inside the repository"):
        _analyse.check_out_dir(ROOT / "notebooks" / "mine", checkout=ROOT)
    _analyse.check_out_dir(ROOT / "exports" / "mine", checkout=ROOT)  # git-ignored: allowed
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    (theirs / "notes.txt").write_text("keep me\n", encoding="utf-8")
    with pytest.raises(ValueError, match="is not empty and was not made by `analyse`"):
        _analyse.check_out_dir(theirs)
    ours = tmp_path / "ours"
    ours.mkdir()
    (ours / "manifest.json").write_text(json.dumps({"made_by": _analyse.MADE_BY}), encoding="utf-8")
    with pytest.raises(ValueError, match="pass --replace to replace it"):
        _analyse.check_out_dir(ours)
    _analyse.check_out_dir(ours, replace=True)
    (ours / "my-report.docx").write_bytes(b"the analyst's own")  # not listed in the manifest: never replaced
    with pytest.raises(ValueError, match="holds files its manifest does not list"):
        _analyse.check_out_dir(ours, replace=True)


def test_an_output_folder_that_is_a_link_is_refused(tmp_path, capsys):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "out").symlink_to(elsewhere)
    with pytest.raises(ValueError, match=r"out is a symbolic link; give the output folder by its real path"):
        _analyse.check_out_dir(tmp_path / "out")
    assert (
        cli.main(
            [
                "analyse",
                "--referrals",
                str(EXAMPLES / "synthetic_referrals_by_month.csv"),
                "--out",
                str(tmp_path / "out"),
            ]
        )
        == 1
    )
    assert "is a symbolic link" in capsys.readouterr().err and list(elsewhere.iterdir()) == []


def test_a_case_file_with_one_outcome_is_refused_before_anything_runs(tmp_path, capsys):
    cases = tmp_path / "cases.csv"
    cases.write_text("risk_level,outcome\nLow,no\nHigh,no\n", encoding="utf-8")
    out = tmp_path / "deep" / "er" / "out"
    assert cli.main(["analyse", "--cases", str(cases), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"{cases}, column 'outcome': every person in the file is without the outcome" in err
    assert not (tmp_path / "deep").exists()


def test_a_failed_run_removes_the_folders_it_made(templates, tmp_path):
    mine = tmp_path / "mine.csv"
    mine.write_text("month,referrals\n2016-01,3400\n", encoding="utf-8")
    broken = nbformat.read(templates / "referrals.ipynb", as_version=4)
    broken.cells.insert(1, nbformat.v4.new_code_cell("1 / 0"))  # fails before the (slow) export
    nbformat.write(broken, templates / "referrals.ipynb")
    runs = _analyse.run(_analyse.plan(referrals=mine, notebooks=templates), tmp_path / "new" / "out", jobs=1)
    assert "ZeroDivisionError" in runs[0].error
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.csv", "templates"]


def test_a_checked_input_that_changed_after_the_check_is_refused(tmp_path):
    from inquiry_analysis.io.checked import open_input, save_checked

    mine = tmp_path / "mine.csv"
    mine.write_text("month,referrals\n2016-01,3400\n2016-02,3520\n", encoding="utf-8")
    record = save_checked(open_input(mine, kind="monthly_referrals"), tmp_path / "checked", kind="monthly_referrals")
    table = Path(record["tables"]["frame"]["path"])
    table.write_bytes(table.read_bytes() + b"\0")
    with pytest.raises(ValueError, match=r"the checked monthly_referrals table .* has changed since it was checked"):
        open_input(record, kind="monthly_referrals")
    with pytest.raises(ValueError, match=r"is a 'monthly_referrals' record, but a 'case_file' was expected"):
        open_input(record, kind="case_file")


def test_reader_options_on_the_command_line_reach_the_reader_and_the_notebook(tmp_path, capsys):
    ahead = tmp_path / "ahead.csv"
    ahead.write_text("month,referrals\n2199-01,5\n2199-02,6\n2199-03,7\n", encoding="utf-8")
    assert cli.main(["analyse", "--referrals", str(ahead), "--out", str(tmp_path / "o")]) == 1
    assert "(--allow-future-months on the command line)" in capsys.readouterr().err
    assert cli.main(["analyse", "--referrals", str(ahead), "--limit", "max_rows=2", "--out", str(tmp_path / "o")]) == 1
    err = capsys.readouterr().err
    assert (
        "has more than 2 rows, the limit; pass limits={'max_rows': 10} (--limit max_rows=10 on the command line)" in err
    )
    analysis = _analyse.plan(referrals=ahead, allow_future_months=True, limits={"max_rows": 10})
    (parameters,) = analysis.notebooks.values()
    # The file reaches the notebook read with those options: its checked table and its identity.
    assert parameters["referrals_file"].tables["frame"]["referrals"].tolist() == [5, 6, 7]
    assert analysis.inputs["referrals"].options["allow_future_months"] is True


def test_an_output_folder_under_a_file_is_refused_before_anything_runs(tmp_path, capsys):
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    out = tmp_path / "afile" / "sub"
    code = cli.main(["analyse", "--referrals", str(EXAMPLES / "synthetic_referrals_by_month.csv"), "--out", str(out)])
    assert code == 1
    assert f"{tmp_path / 'afile'} is a file, so the folder {out} cannot be made" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("{not json", "cannot be read as a manifest: not valid JSON"),
        ("[1, 2]", "cannot be read as a manifest: a JSON list, not an object"),
        (
            '{"files": [{"path": "../../etc/passwd", "sha256": "00"}]}',
            "cannot be read as a manifest: 'files' must list",
        ),
    ],
)
def test_a_damaged_manifest_is_one_line(tmp_path, capsys, text, reason):
    (tmp_path / "manifest.json").write_text(text, encoding="utf-8")
    for command in (
        ["verify", "--figures", str(tmp_path)],
        ["bundle", "--figures", str(tmp_path), "--out", str(tmp_path / "out" / "b.pdf")],
    ):
        assert cli.main(command) == 1
        err = capsys.readouterr().err
        assert f"{tmp_path / 'manifest.json'}: {reason}" in err and "Traceback" not in err
        assert len(err.strip().splitlines()) == 1


def test_a_damaged_data_package_is_one_line(data_copy, capsys):
    (data_copy / "datapackage.json").write_text("{not json", encoding="utf-8")
    for command in ("verify", "check"):
        assert cli.main([command, "--data-dir", str(data_copy)]) == 1
        err = capsys.readouterr().err
        assert f"{data_copy / 'datapackage.json'}: cannot be read as a data package descriptor: not valid JSON" in err
