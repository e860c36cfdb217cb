import importlib.util
import shutil
from pathlib import Path

import pytest

from inquiry_analysis import cli, provenance
from tests.projects import EXPORT_CELL, write_notebook

ROOT = Path(__file__).resolve().parent.parent
SHARED_SOURCES = ROOT.parent / "shared" / "sources"


def _load_tool(name):
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def data_copy(tmp_path):
    """A private copy of the bundled data package, safe to edit."""
    target = tmp_path / "data"
    shutil.copytree(provenance.bundled_data_dir(), target)
    return target


@pytest.fixture
def edit_bundled(data_copy):
    """Edit one CSV of the copied package by text replacement and record its new hash, as a maintainer would."""
    update = _load_tool("update_data_hashes").update_hashes

    def edit(name, old, new, *, count=1):
        path = data_copy / f"{name}.csv"
        text = path.read_text(encoding="utf-8")
        assert text.count(old) >= 1, f"{old!r} not in {name}.csv"
        path.write_text(text.replace(old, new, count), encoding="utf-8")
        update(data_copy)
        return path

    return edit


def _shared_text(name):
    path = SHARED_SOURCES / name
    if not path.exists():
        pytest.skip(f"{path} is not beside the repository (it is in the project's shared folder)")
    return path.read_text(encoding="utf-8")


@pytest.fixture
def dossier():
    """The project's source dossier, the only place data come from."""
    return _shared_text("PUBLISHED_FIGURES.md")


@pytest.fixture
def seed_article():
    return _shared_text("seed-article.txt")


@pytest.fixture(scope="session")
def bundled_check():
    """The check of the bundled claims against the bundled data, made once per worker (results are frozen)."""
    from inquiry_analysis import claims

    return tuple(claims.check())


@pytest.fixture(scope="session")
def _reproduced_once(tmp_path_factory):
    root = tmp_path_factory.mktemp("reproduced")
    (root / "notebooks").mkdir()
    write_notebook(root / "notebooks" / "01_synthetic.ipynb", "print(6 * 7)", EXPORT_CELL)
    assert cli.main(["reproduce", "--root", str(root)]) == 0
    return root


@pytest.fixture
def reproduced(_reproduced_once, tmp_path):
    """A scratch project as reproduce left it (exhibit, bundle, manifest): a copy, safe to change.

    One reproduce per test session and worker; each test gets its own copy.
    """
    return Path(shutil.copytree(_reproduced_once, tmp_path / "reproduced"))
