"""pyproject.toml names the dependencies; requirements.lock pins them all with hashes, and every route installs it.

These tests read files only (no network): a lock made from other dependencies than pyproject.toml's
now, a dependency missing from it, or a pin without a hash fails here. The remedy is always
`python3 tasks.py lock`, then committing pyproject.toml and requirements.lock together.
"""

import importlib.util
import json
import re
import tomllib
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements.lock"
RELOCK = "run `python3 tasks.py lock` and commit pyproject.toml and requirements.lock together"


def _load_tasks():
    spec = importlib.util.spec_from_file_location("tasks", ROOT / "tasks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


tasks = _load_tasks()


def _pyproject():
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _lock_entries():
    """{canonical name: [(version, marker, [sha256, ...]), ...]} from requirements.lock's entries."""
    text = LOCK.read_text(encoding="utf-8")
    entries = {}
    # An entry is a requirement line and its continuation lines ('\' at the end, then indented).
    for block in re.split(r"\n(?=\S)", text):
        lines = [line for line in block.splitlines() if line.strip() and not line.lstrip().startswith("#")]
        if not lines:
            continue
        logical = " ".join(line.rstrip("\\ ").strip() for line in lines)
        match = re.fullmatch(
            r"([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;]+)\s*(?:;\s*(.*?))?\s*((?:--hash=\S+\s*)*)", logical
        )
        assert match, f"requirements.lock: not an exact pin with hashes: {logical[:120]!r}; {RELOCK}"
        name, version, marker, hashes = match.groups()
        digests = re.findall(r"--hash=sha256:([0-9a-f]{64})\b", hashes)
        entries.setdefault(canonicalize_name(name), []).append((version, marker, digests))
    return entries


def _direct_requirements():
    pyproject = _pyproject()
    project = pyproject["project"]
    specs = (
        project["dependencies"]
        + [s for group in project["optional-dependencies"].values() for s in group]
        + pyproject["build-system"]["requires"]
        + list(tasks.EDITABLE_BUILD_REQUIRES)
    )
    return [Requirement(s) for s in specs]


def test_lock_was_made_from_the_dependencies_pyproject_lists_now():
    recorded = tasks.lock_spec_hash(LOCK.read_text(encoding="utf-8"))
    assert recorded is not None, f"requirements.lock has no '{tasks.SPEC_HASH_LABEL}' header line; {RELOCK}"
    assert recorded == tasks.dependency_spec_hash(), (
        f"requirements.lock is stale: pyproject.toml's dependencies changed since it was made; {RELOCK}"
    )


def test_every_direct_dependency_is_pinned_within_its_range():
    entries = _lock_entries()
    for requirement in _direct_requirements():
        name = canonicalize_name(requirement.name)
        assert name in entries, f"{requirement} (pyproject.toml) is not pinned in requirements.lock; {RELOCK}"
        for version, _, _ in entries[name]:
            assert requirement.specifier.contains(version, prereleases=True), (
                f"requirements.lock pins {name}=={version}, outside {requirement}; {RELOCK}"
            )


def test_every_pin_is_exact_and_has_a_sha256():
    entries = _lock_entries()
    assert len(entries) > 50  # the whole tree, not just the direct dependencies
    unhashed = [name for name, pins in entries.items() for _, _, digests in pins if not digests]
    assert not unhashed, f"pins without --hash=sha256: in requirements.lock: {unhashed}; {RELOCK}"


# Packages the resolver could only satisfy with different versions on different platforms or Pythons
# (name: why). Empty: every platform and Python gets the same versions, so the exhibits do too.
FORKED = {}


def test_one_version_of_each_package_for_every_platform_and_python():
    forked = {name: [v for v, _, _ in pins] for name, pins in _lock_entries().items() if len(pins) > 1}
    assert set(forked) <= set(FORKED), (
        f"requirements.lock pins more than one version of {sorted(set(forked) - set(FORKED))}: {forked}. "
        "Constrain them to one version (LOCK_CONSTRAINTS in tasks.py), or if that cannot be done, "
        "list them in FORKED here with the reason."
    )


def test_dependency_hash_ignores_layout_but_not_content():
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    original = tasks.dependency_spec_hash(text)
    assert '"pandas>=2.2",\n    "numpy>=1.26",' in text
    reordered = text.replace('"pandas>=2.2",\n    "numpy>=1.26",', '"numpy >= 1.26",\n    "Pandas>=2.2",')
    assert tasks.dependency_spec_hash(reordered) == original
    assert tasks.dependency_spec_hash(text.replace('"pandas>=2.2"', '"pandas>=2.3"')) != original
    assert (
        tasks.dependency_spec_hash(text.replace('requires-python = ">=3.11"', 'requires-python = ">=3.12"')) != original
    )
    assert tasks.dependency_spec_hash(text.replace('"hatchling>=1.21"', '"hatchling>=1.25"')) != original


def test_commands_share_one_environment_and_reinstall_only_when_the_lock_changes(tmp_path, monkeypatch):
    python = tmp_path / "python"
    python.write_text("", encoding="utf-8")
    stamp = tmp_path / ".installed-from"
    monkeypatch.setattr(tasks, "PYTHON", python)
    monkeypatch.setattr(tasks, "STAMP", stamp)
    monkeypatch.setattr(tasks, "lock_problem", lambda: None)  # staleness has its own test
    ran = []
    monkeypatch.setattr(tasks, "_run", lambda *args, **kwargs: ran.append(args) or 0)

    stamp.write_text(tasks.environment_stamp(), encoding="utf-8")
    for command in ("test", "lab", "reproduce", "test"):
        tasks.COMMANDS[command]([])
    assert all(args[1:3] != ("-m", "pip") for args in ran), "an up-to-date environment was reinstalled"

    ran.clear()
    stamp.write_text("lock:something-older", encoding="utf-8")
    tasks.COMMANDS["lab"]([])
    installs = [args for args in ran if args[1:4] == ("-m", "pip", "install")]
    assert [a for a in installs[0] if a in ("--require-hashes", "--no-deps", "-r", tasks.LOCK)] == [
        "--require-hashes",
        "--no-deps",
        "-r",
        tasks.LOCK,
    ]
    assert installs[1][-3:] == ("--no-build-isolation", "-e", ".")
    assert stamp.read_text(encoding="utf-8") == tasks.environment_stamp()


@pytest.mark.parametrize(
    ("uid", "args", "expected"),
    [
        (0, [], ["--allow-root"]),  # root in a container: JupyterLab would refuse to start
        (0, ["--allow-root"], ["--allow-root"]),  # not passed twice
        (1000, [], []),
    ],
)
def test_lab_runs_as_root_in_a_container(monkeypatch, tmp_path, uid, args, expected):
    monkeypatch.setattr(tasks, "ensure_environment", lambda: None)
    monkeypatch.setattr(tasks, "VENV", tmp_path)
    monkeypatch.setattr(tasks.os, "geteuid", lambda: uid, raising=False)
    ran = []
    monkeypatch.setattr(tasks, "_run", lambda *command, **kwargs: ran.append(command) or 0)
    tasks.lab(args)
    assert list(ran[0][1:4]) == ["-m", "jupyterlab", "notebooks"] and list(ran[0][4:]) == expected
    # long code lines wrap at the page edge in this environment's JupyterLab
    settings = json.loads((tmp_path / "share" / "jupyter" / "lab" / "settings" / "overrides.json").read_text())
    assert settings["@jupyterlab/notebook-extension:tracker"]["codeCellConfig"]["lineWrap"] is True


def test_a_stale_lock_stops_the_commands_with_the_remedy(monkeypatch):
    monkeypatch.setattr(tasks, "dependency_spec_hash", lambda text=None: "0" * 64)
    monkeypatch.setattr(tasks, "_run", lambda *args, **kwargs: pytest.fail("installed from a stale lock"))
    with pytest.raises(SystemExit, match=r"requirements\.lock is out of date.*python3 tasks\.py lock"):
        tasks.ensure_environment()


def _environment():
    return yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))


def test_environment_yml_takes_only_python_and_pip_from_conda():
    conda = [entry for entry in _environment()["dependencies"] if isinstance(entry, str)]
    assert sorted(re.split(r"[<>=! ]", spec)[0] for spec in conda) == ["pip", "python"]


def test_environment_yml_installs_the_lock_with_hashes_required():
    pip = next(entry["pip"] for entry in _environment()["dependencies"] if isinstance(entry, dict))
    assert pip == ["--require-hashes", "-r requirements.lock"]


def test_python_range_agrees():
    assert _pyproject()["project"]["requires-python"] == ">=3.11"
    assert tasks.LOCK_PYTHON_FLOOR == tasks.LOCK_PYTHONS[0] == "3.11"
    python = next(e for e in _environment()["dependencies"] if isinstance(e, str) and e.startswith("python"))
    assert python == f"python>={tasks.LOCK_PYTHONS[0]},<3.{int(tasks.LOCK_PYTHONS[-1].split('.')[1]) + 1}"
