"""House rules beyond the import contract: documented public callables, short functions, one warning class,
results built by keyword, and charts that say what they draw on.

Each rule is measured over the package's public modules (no part of the module path starts with ``_``);
the failure message lists every offender, so a new one is named where it was written.
"""

import ast
import dataclasses
import importlib
import inspect
import pkgutil
import warnings
from pathlib import Path

import pytest
from numpydoc.validate import validate

import inquiry_analysis

PACKAGE = Path(inquiry_analysis.__file__).resolve().parent
#: numpydoc's codes for a parameter left undocumented or documented but absent, and a missing Returns.
MISSING_SECTIONS = {"PR01", "PR02", "RT01", "GL08"}
LONGEST_FUNCTION = 80


def _modules():
    for info in pkgutil.walk_packages(inquiry_analysis.__path__, "inquiry_analysis."):
        if info.name.endswith("__main__"):
            continue
        yield importlib.import_module(info.name)


def _public(module) -> bool:
    return not any(part.startswith("_") for part in module.__name__.split(".")[1:])


def _public_callables():
    for module in filter(_public, _modules()):
        for name in getattr(module, "__all__", []):
            obj = getattr(module, name, None)
            if getattr(obj, "__module__", None) != module.__name__:
                continue  # re-exported: checked where it is defined
            if inspect.isfunction(obj):
                yield f"{module.__name__}.{name}"
            elif inspect.isclass(obj):
                for attr, value in vars(obj).items():
                    if not attr.startswith("_") and (
                        inspect.isfunction(value) or isinstance(value, classmethod | staticmethod)
                    ):
                        yield f"{module.__name__}.{name}.{attr}"


def test_every_public_function_documents_its_parameters_and_what_it_returns():
    missing = []
    for qualified in sorted(set(_public_callables())):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            codes = {code for code, _ in validate(qualified)["errors"]} & MISSING_SECTIONS
        if codes:
            missing.append(f"{qualified}: {', '.join(sorted(codes))}")
    assert missing == []


def _code_lines(node: ast.FunctionDef, source: list[str]) -> int:
    body = node.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]  # the docstring
    lines = {
        n
        for statement in body
        for n in range(statement.lineno, statement.end_lineno + 1)
        if source[n - 1].strip() and not source[n - 1].strip().startswith("#")
    }
    return len(lines)


def test_no_function_runs_past_eighty_lines_of_code():
    long = []
    for path in sorted(PACKAGE.rglob("*.py")):
        source = path.read_text(encoding="utf-8").splitlines()
        for node in ast.walk(ast.parse("\n".join(source))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = _code_lines(node, source)
                if lines > LONGEST_FUNCTION:
                    long.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno} {node.name}: {lines} lines")
    assert long == []


def test_every_warning_is_the_packages_own_class():
    others = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "warn":
                category = (
                    node.args[1]
                    if len(node.args) > 1
                    else next((k.value for k in node.keywords if k.arg == "category"), None)
                )
                if not (isinstance(category, ast.Name) and category.id == "InquiryAnalysisWarning"):
                    others.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}")
    assert others == []


def test_results_are_built_by_keyword():
    # Private classes are a module's own working state (a page being laid out), not results.
    positional = []
    for module in _modules():
        for name, obj in vars(module).items():
            if name.startswith("_"):
                continue
            if inspect.isclass(obj) and obj.__module__ == module.__name__ and dataclasses.is_dataclass(obj):
                if not obj.__dataclass_params__.frozen or any(not f.kw_only for f in dataclasses.fields(obj) if f.init):
                    positional.append(f"{module.__name__}.{name}")
    assert positional == []


@pytest.mark.parametrize(
    "module", [m for m in _modules() if m.__name__.startswith("inquiry_analysis.charts.")], ids=lambda m: m.__name__
)
def test_every_plot_function_takes_and_returns_axes(module):
    unannotated = []
    for name, function in inspect.getmembers(module, inspect.isfunction):
        if name.startswith("plot_") and function.__module__ == module.__name__:
            annotations = inspect.get_annotations(function)
            if "Axes" not in str(annotations.get("ax")) or "Axes" not in str(annotations.get("return")):
                unannotated.append(name)
    assert unannotated == []


#: The modules that word the exhibits of an analysis of one's own files (AN-nn), and the notebooks analyse runs.
OWN_FILES = (
    *(f"inquiry_analysis/exhibits/{name}.py" for name in ("referral_log", "lags", "cases", "series", "case_tables")),
    *(f"inquiry_analysis/charts/{name}.py" for name in ("referral_log", "cases", "series")),
    "notebooks/analyse/referrals.ipynb",
    "notebooks/analyse/arrests.ipynb",
    "notebooks/analyse/cases.ipynb",
    "notebooks/analyse/referral_log.ipynb",
)


@pytest.mark.parametrize("name", OWN_FILES)
def test_an_analysis_of_ones_own_files_never_speaks_of_the_hearing(name):
    # A bundle of a user's own exhibits mentions the hearing only where its claims were checked (issue 24).
    assert "hearing" not in (PACKAGE.parent / name).read_text(encoding="utf-8").lower()
