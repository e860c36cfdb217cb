"""pyproject.toml is the single source of dependencies; environment.yml must name the same packages."""

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def _requirement(spec: str) -> tuple[str, str]:
    """(normalised name, version specifier) of 'name[extra]>=1.2'."""
    match = re.fullmatch(r"\s*([A-Za-z0-9_.-]+)(\[[^\]]*\])?\s*(.*?)\s*", spec)
    return match[1].lower().replace("_", "-"), match[3].replace(" ", "")


def _pyproject_requirements():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    specs = project["dependencies"] + [s for group in project["optional-dependencies"].values() for s in group]
    return dict(_requirement(s) for s in specs)


def _environment_requirements():
    environment = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    specs = []
    for entry in environment["dependencies"]:
        if isinstance(entry, dict):
            specs += [s for s in entry["pip"] if not s.startswith("-e")]
        else:
            specs.append(entry)
    return {name: version for name, version in map(_requirement, specs) if name not in {"python", "pip"}}


def test_environment_yml_names_the_same_packages_and_minimums_as_pyproject():
    assert _environment_requirements() == _pyproject_requirements()


def test_environment_yml_installs_this_package_with_its_extras():
    environment = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    pip = next(e["pip"] for e in environment["dependencies"] if isinstance(e, dict))
    assert "-e .[test,lab]" in pip


def test_python_floor_agrees():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    environment = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    assert project["requires-python"] == ">=3.11"
    assert "python>=3.11" in environment["dependencies"]
