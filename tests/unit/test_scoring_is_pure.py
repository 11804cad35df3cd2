"""The scoring rules import nothing outside the standard library."""
import ast
import sys
from pathlib import Path

SCORING = Path(__file__).resolve().parents[2] / "webapp" / "scoring"


def _imports(path: Path) -> set[str]:
    """Top-level names of absolute imports in one module."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_scoring_imports_only_the_standard_library():
    modules = sorted(SCORING.glob("*.py"))
    assert len(modules) >= 10
    outside = {f"{p.name}: {name}" for p in modules for name in _imports(p)
               if name not in sys.stdlib_module_names and name != "__future__"}
    assert outside == set()
