"""The house plan beyond what import-linter checks: no private name crosses a room's border.

A room (``io``, ``metrics``, ``charts``, ...) keeps its helpers private (``_validation``, ``_base``,
``_common``); another room may use only what the room's public modules export. The layers themselves
are checked by ``lint-imports`` (the contract in pyproject.toml), which ``python3 tasks.py test`` runs.
"""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "inquiry_analysis"


def _room(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _crossings():
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        importer = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ImportFrom) or not (node.module or "").startswith("inquiry_analysis"):
                continue
            if _room(node.module) in ("", _room(importer)):
                continue
            private = [p for p in node.module.split(".") if p.startswith("_")]
            private += [a.name for a in node.names if a.name.startswith("_") and a.name != "__version__"]
            if private:
                where = f"{path.relative_to(PACKAGE.parent)}:{node.lineno}"
                found.append(f"{where} takes {', '.join(private)} from {node.module}")
    return found


def test_no_private_name_crosses_a_rooms_border():
    assert _crossings() == []


def test_every_import_inside_the_package_is_absolute():
    relative = [
        f"{path.relative_to(PACKAGE.parent)}:{node.lineno}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom) and node.level
    ]
    assert relative == []
