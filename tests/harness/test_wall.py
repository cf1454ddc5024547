"""The harness reaches the demo operator only through its channels, never through its code."""

import ast

from walkthrough.session import ROOT

HARNESS = [ROOT / "src" / "walkthrough", ROOT / "steps", ROOT / "environment.py"]


def imported_modules(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module


def test_no_harness_module_imports_the_demo_operator():
    files = [p for root in HARNESS for p in ([root] if root.is_file() else root.rglob("*.py"))]
    assert files
    offenders = [f"{p.relative_to(ROOT)} imports {m}" for p in files
                 for m in imported_modules(p) if m.split(".")[0] == "demo_operator"]
    assert not offenders


OPERATORS = {"demo_operator": ROOT / "src" / "demo_operator",
             "competitor_operator": ROOT / "src" / "competitor_operator"}


def test_no_harness_module_imports_the_competitor_operator():
    files = [p for root in HARNESS for p in ([root] if root.is_file() else root.rglob("*.py"))]
    offenders = [f"{p.relative_to(ROOT)} imports {m}" for p in files
                 for m in imported_modules(p) if m.split(".")[0] == "competitor_operator"]
    assert not offenders


def test_the_two_operators_share_no_code():
    offenders = []
    for name, root in OPERATORS.items():
        files = list(root.rglob("*.py"))
        assert files
        offenders += [f"{p.relative_to(ROOT)} imports {m}" for p in files
                      for m in imported_modules(p)
                      if m.split(".")[0] in OPERATORS and m.split(".")[0] != name]
    assert not offenders
