"""The package's front door: its version, written once, and its public names, imported on first use."""

import re
import tomllib
from pathlib import Path

import inquiry_analysis

ROOT = Path(__file__).resolve().parent.parent


def test_the_version_is_written_once_in_the_package_and_the_build_reads_it_there():
    from hatchling.metadata.core import ProjectMetadata
    from hatchling.plugin.manager import PluginManager

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert "version" not in project and "version" in project["dynamic"]
    # The build backend's own reading of the checkout, as when a wheel or the editable install is made.
    assert ProjectMetadata(str(ROOT), PluginManager()).version == inquiry_analysis.__version__
    citation = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    assert re.search(r"^version: (\S+)$", citation, re.MULTILINE).group(1) == inquiry_analysis.__version__


def test_every_public_name_is_there_on_first_use_and_listed_by_dir():
    listed = dir(inquiry_analysis)
    assert [name for name in inquiry_analysis.__all__ if name not in listed] == []
    assert [name for name in inquiry_analysis.__all__ if getattr(inquiry_analysis, name, None) is None] == []
    assert inquiry_analysis.load_table.__module__ == "inquiry_analysis.io.loaders"
    assert inquiry_analysis.DataError is inquiry_analysis.errors.DataError
