"""Where code lives: views stay short, and the faces (views, the admin,
tasks, the API) write nothing themselves; the services do."""

import ast
from pathlib import Path

import pytest

CLAIMS = Path(__file__).resolve().parent.parent / "claims"
WRITES = {"save", "create", "update", "delete", "bulk_create", "bulk_update", "get_or_create", "update_or_create"}


def _functions(module: str):
    tree = ast.parse((CLAIMS / module).read_text(encoding="utf-8"))
    return [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]


@pytest.mark.parametrize("module", ["views.py", "team_views.py", "report_views.py"])
def test_views_are_short(module):
    long = {f.name: f.end_lineno - f.lineno + 1 for f in _functions(module) if f.end_lineno - f.lineno >= 30}
    assert long == {}


API_MODULES = sorted(str(p.relative_to(CLAIMS)) for p in (CLAIMS / "api").glob("*.py"))


@pytest.mark.parametrize("module", ["views.py", "team_views.py", "report_views.py", "admin.py", "tasks.py",
                                    *API_MODULES])
def test_faces_make_no_model_writes_of_their_own(module):
    calls = []
    for function in _functions(module):
        for node in ast.walk(function):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in WRITES:
                # A formset saved without commit only builds the objects.
                no_commit = any(k.arg == "commit" and getattr(k.value, "value", True) is False for k in node.keywords)
                if not no_commit:
                    calls.append(f"{function.name}: .{node.func.attr}()")
    assert calls == []
