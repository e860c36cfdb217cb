"""Two commands for a fresh machine with Python 3.11+: reproduce everything, or run the tests.

    python3 tasks.py reproduce   # build .venv on first use, then reproduce the analysis (what changed;
                                 # --force: everything, as CI does)
    python3 tasks.py test        # build .venv on first use, then the import contract, ruff and the tests
    python3 tasks.py lab         # open JupyterLab on the notebooks (same .venv, nothing reinstalled)
    python3 tasks.py lock        # maintainers: re-resolve requirements.lock after editing dependencies

The virtual environment lives in .venv. It is installed from requirements.lock, every package pinned
with its sha256 hashes (pip --require-hashes), and rebuilt when requirements.lock or pyproject.toml
changes. Only the standard library is used here, so nothing needs installing before the first run.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".installed-from"
LOCK = ROOT / "requirements.lock"
LOCK_COMMAND = "python3 tasks.py lock"
SPEC_HASH_LABEL = "dependency-spec-sha256:"

# How `lock` resolves. uv is pinned so that two maintainers get the same file from the same inputs.
UV_VERSION = "0.13.9"
LOCK_PYTHON_FLOOR = "3.11"
# The lock must install from wheels on each of these (checked by `lock`; a miss is reported).
LOCK_PYTHONS = ("3.11", "3.12", "3.13")
LOCK_PLATFORMS = (
    "x86_64-unknown-linux-gnu",
    "aarch64-unknown-linux-gnu",
    "x86_64-apple-darwin",
    "aarch64-apple-darwin",
    "x86_64-pc-windows-msvc",
)
# What the build backend asks for on top of build-system.requires to build the editable install
# (hatchling's get_requires_for_build_editable); locked too, as pip installs it with --no-build-isolation.
EDITABLE_BUILD_REQUIRES = ("editables~=0.3",)
# Constraints applied when locking only (they are not requirements of the package): each with its reason.
LOCK_CONSTRAINTS = {
    "argon2-cffi-bindings<26": "26.x has no wheels for Intel Macs; it comes in with jupyterlab",
    "jsonschema<4.25": "4.25 added rfc3987-syntax to its format extra (via jupyter-events), which compiles 38 "
    "grammars on import: 3.8 s in every process that imports nbformat",
}


# --- the dependency specification and its hash ---------------------------------------------------


def _canonical_name(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _normalise_requirement(spec: str) -> str:
    """'Name_x [B,a] >= 1.2' -> 'name-x[a,b]>=1.2': whitespace dropped, names and extras canonical."""
    spec = "".join(spec.split())
    match = re.match(r"([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[([^\]]*)\])?(.*)", spec)
    if not match:
        return spec
    name, extras, rest = match.groups()
    extras = f"[{','.join(sorted(_canonical_name(e) for e in extras.split(',') if e))}]" if extras else ""
    return _canonical_name(name) + extras + rest


def dependency_spec(pyproject_text: str | None = None) -> dict:
    """What the lock is resolved from: dependencies, extras, requires-python and build requirements.

    Lists are sorted and requirements normalised, so reordering or reformatting pyproject.toml leaves
    the specification (and its hash) unchanged; a changed name, version range or marker does not.
    """
    import tomllib  # Python 3.11+; imported here so that older Pythons reach main()'s message

    if pyproject_text is None:
        pyproject_text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    pyproject = tomllib.loads(pyproject_text)
    project = pyproject.get("project", {})
    return {
        "dependencies": sorted(map(_normalise_requirement, project.get("dependencies", []))),
        "optional-dependencies": {
            _canonical_name(extra): sorted(map(_normalise_requirement, specs))
            for extra, specs in sorted(project.get("optional-dependencies", {}).items())
        },
        "requires-python": "".join(project.get("requires-python", "").split()),
        "build-system.requires": sorted(
            map(_normalise_requirement, pyproject.get("build-system", {}).get("requires", []))
        ),
    }


def dependency_spec_hash(pyproject_text: str | None = None) -> str:
    """sha256 of the normalised dependency specification, as recorded in the lock file's header."""
    canonical = json.dumps(dependency_spec(pyproject_text), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def lock_spec_hash(lock_text: str) -> str | None:
    """The specification hash a lock file's header records, or None if it has none."""
    match = re.search(rf"^#\s*{re.escape(SPEC_HASH_LABEL)}\s*([0-9a-f]{{64}})\s*$", lock_text, re.MULTILINE)
    return match[1] if match else None


def lock_problem() -> str | None:
    """Why requirements.lock cannot be installed as it is (missing or stale), or None if it can."""
    if not LOCK.exists():
        return (
            f"{LOCK.name} is missing. It is part of the repository; restore it (git checkout -- "
            f"{LOCK.name}) or, if you maintain the dependencies, make it with: {LOCK_COMMAND}"
        )
    recorded = lock_spec_hash(LOCK.read_text(encoding="utf-8"))
    if recorded != dependency_spec_hash():
        return (
            f"{LOCK.name} is out of date: it was resolved from other dependencies than pyproject.toml "
            f"lists now (the '{SPEC_HASH_LABEL}' in its header differs). Run: {LOCK_COMMAND}  and commit "
            f"pyproject.toml and {LOCK.name} together."
        )
    return None


# --- the environment --------------------------------------------------------------------------------


def _run(*args, **kwargs) -> int:
    print("+ " + " ".join(str(a) for a in args), flush=True)
    child = subprocess.Popen([str(a) for a in args], cwd=ROOT, **kwargs)
    while True:
        try:
            return child.wait()
        except KeyboardInterrupt:
            # Ctrl-C reaches the child too (same process group); let it stop cleanly and say so itself.
            continue


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def environment_stamp() -> str:
    """What .venv was installed from: the lock and pyproject.toml (for the editable install's metadata).

    The same for every command, so `test`, `reproduce` and `lab` share one environment.
    """
    return f"lock:{_sha256(LOCK)} pyproject:{_sha256(ROOT / 'pyproject.toml')}"


def ensure_environment() -> None:
    """Create .venv and install the whole lock with hashes checked, unless that install is already there."""
    problem = lock_problem()
    if problem:
        sys.exit(problem)
    wanted = environment_stamp()
    if STAMP.exists() and STAMP.read_text(encoding="utf-8") == wanted and PYTHON.exists():
        return
    if not PYTHON.exists():
        print(f"Creating a virtual environment in {VENV} (first run only) ...", flush=True)
        try:
            venv.create(VENV, with_pip=True)
        except (OSError, subprocess.CalledProcessError) as err:
            sys.exit(
                f"Could not create {VENV} ({err}). Python's venv module needs ensurepip; on Debian or "
                "Ubuntu install it with: apt-get install python3-venv"
            )
    print(f"Installing the locked dependencies ({LOCK.name}, every file hash-checked) into {VENV} ...", flush=True)
    pip = (PYTHON, "-m", "pip", "install", "--disable-pip-version-check")
    if _run(*pip, "--require-hashes", "--no-deps", "-r", LOCK) != 0:
        sys.exit(
            f"Installing the dependencies from {LOCK.name} failed; see pip's message above. If pip says "
            "a file's hash does not match, the index it used served a different file than PyPI's "
            "(a mirror or a local wheel): install from PyPI, or report it if PyPI's own file changed."
        )
    if _run(*pip, "--no-deps", "--no-build-isolation", "-e", ".") != 0:
        sys.exit("Installing inquiry-analysis itself (editable) failed; see pip's message above.")
    STAMP.write_text(wanted, encoding="utf-8")


def reproduce(args: list[str]) -> int:
    # Arguments pass through: `reproduce --force` reruns everything (.ci/run does, for its byte-identity proof).
    ensure_environment()
    return _run(PYTHON, "-m", "inquiry_analysis", "reproduce", *args)


#: The checks of the code's shape that run before the tests: the import-linter contract (the house plan in
#: pyproject.toml: layers, and what each room may never import) and ruff (lint, and the format check).
LINTS = (
    ("lint-imports", "--no-cache"),
    ("ruff", "check", "--no-cache", "."),
    ("ruff", "format", "--check", "--no-cache", "."),
)


def lint() -> int:
    """Run every check in LINTS; report each that fails, and fail if any did."""
    failed = [" ".join(command) for command in LINTS if _run(BIN / command[0], *command[1:]) != 0]
    if failed:
        print(f"FAILED: {'; '.join(failed)} (see above)", flush=True)
    return 1 if failed else 0


def test(args: list[str]) -> int:
    ensure_environment()
    linted = lint()
    return _run(PYTHON, "-m", "pytest", *args) or linted


#: JupyterLab defaults for this project's environment: long lines in code cells wrap at the page edge, so a
#: reader at any width sees whole statements (the notebooks' f-strings run long), and line numbers show.
LAB_OVERRIDES = {"@jupyterlab/notebook-extension:tracker": {"codeCellConfig": {"lineNumbers": True, "lineWrap": True}}}


def lab(args: list[str]) -> int:
    ensure_environment()
    overrides = VENV / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    overrides.parent.mkdir(parents=True, exist_ok=True)
    overrides.write_text(json.dumps(LAB_OVERRIDES, indent=2) + "\n", encoding="utf-8")
    # In a container one is often root, and JupyterLab refuses to start as root unless told it may.
    as_root = getattr(os, "geteuid", lambda: -1)() == 0 and "--allow-root" not in args
    return _run(PYTHON, "-m", "jupyterlab", "notebooks", *(["--allow-root"] if as_root else []), *args)


# --- making the lock ----------------------------------------------------------------------------------


def _install_uv(scratch: Path) -> Path:
    """uv (pinned) in a throwaway virtual environment; the project's .venv is left alone."""
    tools = scratch / "venv"
    print(f"Installing uv {UV_VERSION} into a scratch environment ...", flush=True)
    venv.create(tools, with_pip=True)
    python = tools / ("Scripts" if os.name == "nt" else "bin") / ("python.exe" if os.name == "nt" else "python")
    if _run(python, "-m", "pip", "install", "--disable-pip-version-check", "--quiet", f"uv=={UV_VERSION}") != 0:
        sys.exit(f"Could not install uv {UV_VERSION} (needed only to make the lock); see pip's message above.")
    return python.parent / ("uv.exe" if os.name == "nt" else "uv")


def _header(spec_hash: str) -> str:
    constraints = "".join(f"#     {c}  ({why})\n" for c, why in LOCK_CONSTRAINTS.items())
    return (
        f"# {LOCK.name}: every package inquiry-analysis installs (dependencies, the extras test and lab,\n"
        "# and the build backend for the editable install), pinned, with the sha256 of every file.\n"
        f"# For Linux, macOS and Windows on Python {LOCK_PYTHONS[0]} to {LOCK_PYTHONS[-1]}. Do not edit by hand;\n"
        "# after changing dependencies in pyproject.toml, regenerate it with\n"
        "#\n"
        f"#     {LOCK_COMMAND}\n"
        "#\n"
        f"# and commit pyproject.toml and {LOCK.name} together (a test fails if they disagree).\n"
        f"# Made by uv {UV_VERSION}: uv pip compile pyproject.toml build-system.requires EDITABLE_BUILD_REQUIRES\n"
        "#     --all-extras --universal"
        f" --python-version {LOCK_PYTHON_FLOOR} --fork-strategy fewest --generate-hashes, constrained by\n"
        f"{constraints}"
        f"# Install: pip install --require-hashes --no-deps -r {LOCK.name}\n"
        "#          pip install --no-deps --no-build-isolation -e .\n"
        "#\n"
        f"# {SPEC_HASH_LABEL} {spec_hash}\n"
    )


def _wheel_gaps(uv: Path) -> list[str]:
    """Platforms and Pythons on which some pinned version has no wheel (pip would build it from source)."""
    gaps = []
    for platform in LOCK_PLATFORMS:
        for python in LOCK_PYTHONS:
            check = [
                str(uv),
                "pip",
                "compile",
                str(LOCK),
                "--no-deps",
                "--only-binary",
                ":all:",
                "--quiet",
                "--python-platform",
                platform,
                "--python-version",
                python,
                "--no-header",
                "--output-file",
                os.devnull,
            ]
            # From uv's cache first (the resolution just filled it); asked again online only on a miss.
            result = subprocess.run([*check, "--offline"], cwd=ROOT, capture_output=True, text=True)
            if result.returncode != 0:
                result = subprocess.run(check, cwd=ROOT, capture_output=True, text=True)
            if result.returncode != 0:
                reason = next(
                    (line.strip() for line in result.stderr.splitlines() if "Because" in line),
                    result.stderr.strip().splitlines()[-1] if result.stderr.strip() else "",
                )
                gaps.append(f"{platform}, Python {python}: {reason}")
    return gaps


def lock(args: list[str]) -> int:
    """Re-resolve requirements.lock from pyproject.toml. Arguments go to uv (e.g. --upgrade).

    Versions already in the lock are kept where they still fit (pass --upgrade or
    --upgrade-package NAME to move them); the header records the hash of the specification.
    """
    spec = dependency_spec()
    with tempfile.TemporaryDirectory(prefix="inquiry-analysis-lock-") as scratch:
        scratch = Path(scratch)
        uv = _install_uv(scratch)
        build = scratch / "build-system.requires.txt"
        build.write_text("".join(f"{r}\n" for r in spec["build-system.requires"]), encoding="utf-8")
        editable = scratch / "editable-build.requires.txt"
        editable.write_text("".join(f"{r}\n" for r in EDITABLE_BUILD_REQUIRES), encoding="utf-8")
        constraints = scratch / "lock-constraints.txt"
        constraints.write_text("".join(f"{c}\n" for c in LOCK_CONSTRAINTS), encoding="utf-8")
        command = [
            uv,
            "pip",
            "compile",
            "pyproject.toml",
            build,
            editable,
            "--all-extras",
            "--universal",
            "--python-version",
            LOCK_PYTHON_FLOOR,
            "--fork-strategy",
            "fewest",
            "--generate-hashes",
            "--quiet",
            "--constraint",
            constraints,
            "--custom-compile-command",
            LOCK_COMMAND,
            "--output-file",
            LOCK,
            *args,
        ]
        if _run(*command) != 0:
            sys.exit("uv could not resolve the dependencies; see its message above. Nothing was changed.")
        text = LOCK.read_text(encoding="utf-8")
        body = text[re.search(r"^[A-Za-z0-9]", text, re.MULTILINE).start() :]  # drop uv's own header
        body = re.sub(r"-r \S*build-system\.requires\.txt", "build-system.requires (pyproject.toml)", body)
        body = re.sub(r"-r \S*editable-build\.requires\.txt", "EDITABLE_BUILD_REQUIRES (tasks.py)", body)
        body = re.sub(r"-c \S*lock-constraints\.txt", "LOCK_CONSTRAINTS (tasks.py)", body)
        LOCK.write_text(_header(dependency_spec_hash()) + body, encoding="utf-8", newline="\n")
        pins = re.findall(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)", body, re.MULTILINE)
        print(f"Wrote {LOCK.name}: {len(pins)} pins of {len({_canonical_name(n) for n, _ in pins})} packages.")
        print("Checking that every pin has a wheel for each platform and Python ...", flush=True)
        gaps = _wheel_gaps(uv)
    for gap in gaps:
        print(f"warning: no wheel on {gap}", file=sys.stderr)
    if gaps:
        print(
            "pip will build those from source there (a compiler may be needed); consider a constraint in "
            "LOCK_CONSTRAINTS in tasks.py.",
            file=sys.stderr,
        )
    print(f"Commit pyproject.toml and {LOCK.name} together.")
    return 0


COMMANDS = {"reproduce": reproduce, "test": test, "lab": lab, "lock": lock}


def main(argv: list[str]) -> int:
    if sys.version_info < (3, 11):
        sys.exit(f"inquiry-analysis needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    if not argv or argv[0] not in COMMANDS:
        sys.exit(f"usage: python3 tasks.py {{{'|'.join(COMMANDS)}}} [arguments passed on]\n\n{__doc__}")
    return COMMANDS[argv[0]](argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
