"""Which notebooks reproduce reruns after an edit, and why: the plan made from figures/reproduce-record.json."""

import json
import re
import shutil

import nbformat
import pytest

from inquiry_analysis import cli, exhibits, provenance
from inquiry_analysis.cli import incremental
from tests.projects import snapshot, write_notebook


def _plan(project, **options):
    notebooks = sorted((project / "notebooks").glob("*.ipynb"))
    return incremental.plan_reproduce(project, notebooks, figures=project / "figures", **options)


def _names(paths):
    return sorted(path.name for path in paths)


@pytest.fixture
def two_notebooks(reproduced, data_copy, tmp_path):
    """The reproduced project and a second notebook naming an input file, recorded as reproduce records them,
    as run on copies of the library and the data (so that the test may edit them)."""
    project, library = reproduced, tmp_path / "library"
    shutil.copytree(incremental.LIBRARY, library, ignore=shutil.ignore_patterns("__pycache__"))
    (project / "input.csv").write_text("month,referrals\n2017-01,5\n", encoding="utf-8")
    path = project / "notebooks" / "02_named.ipynb"
    write_notebook(path, "print(1)", parameters='input_file = "../input.csv"\nout = None')
    figures = project / "figures"
    record = incremental.read_record(figures)
    entry = incremental.notebook_entry(path.read_text(encoding="utf-8"), path, project)
    assert entry["inputs"] == {"input.csv": provenance.sha256_file(project / "input.csv")}
    incremental.write_record(
        figures,
        environment=incremental.environment(data_copy, library=library),
        notebooks={**record["notebooks"], "notebooks/02_named.ipynb": entry},
        bundle=record["bundle"],
        claims=record["claims_table"],
    )
    exhibits.write_manifest(figures)  # as reproduce lists the record
    return project, library


def test_an_edit_reruns_only_the_notebooks_whose_inputs_it_changed(two_notebooks, data_copy, edit_bundled):
    project, library = two_notebooks
    first, second = project / "notebooks" / "01_synthetic.ipynb", project / "notebooks" / "02_named.ipynb"

    def plan():
        made = _plan(project, data_dir=data_copy, library=library)
        return made, {path.name: why for path, why in made.rerun.items()}

    made, rerun = plan()
    assert (rerun, _names(made.kept), made.everything) == ({}, ["01_synthetic.ipynb", "02_named.ipynb"], None)
    # Prose: no rerun; the notebook's text is written back as it is.
    notebook = nbformat.read(first, as_version=4)
    notebook.cells.insert(0, nbformat.v4.new_markdown_cell("# A title written later"))
    nbformat.write(notebook, first)
    made, rerun = plan()
    assert (rerun, _names(made.prose), _names(made.kept)) == ({}, ["01_synthetic.ipynb"], ["02_named.ipynb"])
    # One notebook's code: that notebook alone.
    second.write_text(second.read_text(encoding="utf-8").replace("print(1)", "print(2)"), encoding="utf-8")
    assert plan()[1] == {"02_named.ipynb": "its code changed"}
    # The input file a notebook's parameters name: that notebook alone.
    (project / "input.csv").write_text("month,referrals\n2017-01,6\n", encoding="utf-8")
    assert plan()[1] == {"02_named.ipynb": "the input file(s) it names changed: input.csv"}
    # The library, then a data file: every notebook, naming what changed.
    module = library / "metrics" / "trend.py"
    original = module.read_text(encoding="utf-8")
    module.write_text(original + "\n# an edit\n", encoding="utf-8")
    made, rerun = plan()
    assert made.everything == "changed since the last run: the library's source (inquiry_analysis/)"
    assert sorted(rerun) == ["01_synthetic.ipynb", "02_named.ipynb"]
    module.write_text(original, encoding="utf-8")
    edit_bundled("iwf", ",", ", ")
    made, rerun = plan()
    assert made.everything == (
        "changed since the last run: the data package (datapackage.json and the files it records)"
    )
    assert sorted(rerun) == ["01_synthetic.ipynb", "02_named.ipynb"]


def test_everything_reruns_when_forced_or_when_figures_or_the_record_cannot_be_trusted(reproduced):
    project, figures = reproduced, reproduced / "figures"
    assert _plan(project).everything is None
    assert _plan(project, force=True).everything == "--force was given"
    notebook = project / "notebooks" / "01_synthetic.ipynb"
    kept = notebook.read_text(encoding="utf-8")
    cleared = nbformat.read(notebook, as_version=4)
    cleared.cells[1].outputs = []  # the code is as recorded, the stored outputs are not
    nbformat.write(cleared, notebook)
    assert _plan(project).rerun == {notebook: "its stored outputs or metadata are not those reproduce wrote"}
    notebook.write_text(kept, encoding="utf-8")
    shutil.copy(figures / "IA-98.json", figures / "IA-97.json")  # listed in a rewritten manifest, no one's exhibit
    exhibits.write_manifest(figures)
    assert _plan(project).everything == "figures/ holds files no notebook's record names (IA-97.json)"
    (figures / "IA-97.json").unlink()
    exhibits.write_manifest(figures)
    svg = figures / "IA-98.svg"
    svg.write_bytes(svg.read_bytes() + b" ")
    assert _plan(project).everything == "figures/ does not match its manifest.json (1 file(s) differ, e.g. IA-98.svg)"
    record = figures / incremental.RECORD
    record.write_text("{not json", encoding="utf-8")
    assert _plan(project).everything.endswith(
        "reproduce-record.json, the record of what the outputs were made from, is unreadable"
    )
    record.unlink()
    assert _plan(project).everything.endswith("is missing")


def test_a_prose_edit_runs_nothing_and_writes_the_notebook_back(reproduced, capsys):
    project = reproduced
    notebook = project / "notebooks" / "01_synthetic.ipynb"
    content = json.loads(notebook.read_text(encoding="utf-8"))
    content["cells"].insert(0, {"cell_type": "markdown", "id": "title", "metadata": {}, "source": ["# Title"]})
    notebook.write_text(json.dumps(content, indent=2), encoding="utf-8")  # as another editor lays it out
    before = snapshot(project / "figures")
    capsys.readouterr()
    assert cli.main(["reproduce", "--root", str(project)]) == 0
    out = capsys.readouterr().out
    assert "01_synthetic.ipynb: only its prose changed; outputs kept, text written back" in out
    assert "Running" not in out and "Done: 0 notebook(s) run, 1 notebook file(s) rewritten, 1 not run" in out
    assert notebook.read_text(encoding="utf-8") == nbformat.writes(nbformat.read(notebook, as_version=4)) + "\n"
    after = snapshot(project / "figures")
    assert sorted(name for name in after if after[name] != before.get(name)) == [
        "manifest.json",
        incremental.RECORD,
    ]
    assert cli.main(["reproduce", "--root", str(project)]) == 0
    assert "nothing needed rerunning" in capsys.readouterr().out


def _add_prose(path):
    notebook = nbformat.read(path, as_version=4)
    notebook.cells.insert(0, nbformat.v4.new_markdown_cell("# A title written later"))
    nbformat.write(notebook, path)


def test_a_notebook_or_input_changed_while_the_run_goes_is_not_recorded_as_current(
    two_notebooks, data_copy, monkeypatch, capsys
):
    project, library = two_notebooks
    first, second = project / "notebooks" / "01_synthetic.ipynb", project / "notebooks" / "02_named.ipynb"
    for path in (first, second):
        _add_prose(path)  # both written back, no kernel run
    edited = first.read_text(encoding="utf-8").replace("print(6 * 7)", "print(6 * 8)")
    real = incremental.kept_runs

    def meanwhile(*args, **kwargs):  # after the plan, before the record: a code edit saved, an input rewritten
        first.write_text(edited, encoding="utf-8")
        (project / "input.csv").write_text("month,referrals\n2017-01,7\n", encoding="utf-8")
        return real(*args, **kwargs)

    monkeypatch.setattr(incremental, "kept_runs", meanwhile)
    capsys.readouterr()
    assert cli.main(["reproduce", "--root", str(project), "--data-dir", str(data_copy), "--no-bundle"]) == 0
    out = capsys.readouterr().out
    assert "notebooks/01_synthetic.ipynb: it changed while the run went; not written back, and the next run" in out
    assert "notebooks/02_named.ipynb: input.csv, which it names, changed while the run went; not written" in out
    assert first.read_text(encoding="utf-8") == edited  # the edit is kept
    monkeypatch.undo()
    made = _plan(project, data_dir=data_copy, library=library)
    assert made.everything is None
    assert {path.name: why for path, why in made.rerun.items()} == {
        "01_synthetic.ipynb": "it changed while the last run went",
        "02_named.ipynb": "input.csv, which it names, changed while the last run went",
    }


def test_the_installed_packages_are_part_of_what_everything_is_made_from(reproduced, monkeypatch):
    import matplotlib

    now = incremental.environment()
    assert (
        now["packages"]["matplotlib"] == matplotlib.__version__ and now["packages"]["nbformat"] == nbformat.__version__
    )
    # Only packages every platform installs: the record is committed, and must be the same on any machine.
    assert set(now["packages"]) == {re.sub(r"[-_.]+", "-", n).lower() for n in incremental.RECORDED_PACKAGES}
    assert "python" not in now
    real = incremental.installed_versions
    monkeypatch.setattr(incremental, "installed_versions", lambda: {**real(), "matplotlib": "99.0"})
    assert _plan(reproduced).everything == "changed since the last run: the installed packages (matplotlib)"


def test_a_project_that_exports_nothing_is_up_to_date_with_no_bundle(tmp_path):
    figures = tmp_path / "figures"
    figures.mkdir()
    incremental.write_record(figures, environment={}, notebooks={}, bundle=None, claims=None)
    exhibits.write_manifest(figures)
    plan = incremental.Plan(rerun={}, record=incremental.read_record(figures))
    assert incremental.up_to_date(plan, figures, bundle=True, readme=tmp_path / "README.md")


def test_a_bundle_that_fails_in_this_process_is_said_in_one_line_and_changes_nothing(reproduced, monkeypatch, capsys):
    from inquiry_analysis.exhibits import bundle

    project, figures = reproduced, reproduced / "figures"
    record = incremental.read_record(figures)
    notebooks, claims = record["notebooks"], record["claims_table"]
    incremental.write_record(
        figures, environment=record["environment"], notebooks=notebooks, bundle="0" * 64, claims=claims
    )
    exhibits.write_manifest(figures)  # the bundle must be remade; no notebook reruns, so it is made here

    def failing(*args, **kwargs):
        raise ValueError("the exhibits are not those the manifest lists:\nIA-98.svg differs")

    monkeypatch.setattr(bundle, "write_bundle", failing)
    before = snapshot(project)
    capsys.readouterr()
    assert cli.main(["reproduce", "--root", str(project)]) == 1
    out = capsys.readouterr().out
    assert "the evidence bundle could not be written: ValueError: IA-98.svg differs\nNothing was changed" in out
    assert snapshot(project) == before and not list(project.glob(".figures-*"))
