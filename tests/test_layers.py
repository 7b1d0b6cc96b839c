"""The package's layout rules (issue 12): no module reaches into another's private names, no module is too long.

Both tests read the source with :mod:`ast` and import nothing from ``renja_lib``.

* A name with a leading underscore is private to its module: another module of
  ``renja_lib`` that imports it (``from .ratings import _operands``) or reaches it
  through the module (``budget._code_names``) marks a boundary drawn in the wrong
  place. A helper two modules need is public in the module that owns it. Private
  *modules* (``renja_lib._compat``, ``renja_lib.run._kernel_reset``) are modules, not
  names, and may be imported; dunder names (``__version__``) and ``from __future__``
  are not private. Tests may still reach private helpers.
* No module is over :data:`MAX_LINES` lines (catalogues and data files are not Python).
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "renja_lib"
#: The longest a module of renja_lib may be, in lines.
MAX_LINES = 800


def module_name(path: Path) -> str:
    """``renja_lib/check/audit.py`` -> ``renja_lib.check.audit``; a package's ``__init__.py`` is the package."""
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES: dict[str, Path] = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def imported_module(node: ast.ImportFrom, here: str, is_package: bool) -> str:
    """The absolute name of the module a ``from ... import`` reads from."""
    if not node.level:
        return node.module or ""
    base = here.split(".") if is_package else here.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def private_imports(name: str, path: Path) -> list[str]:
    """Every private name of another renja_lib module that the module ``name`` at ``path`` uses, as ``line: what``."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[str] = []
    modules: dict[str, str] = {}  # a local name -> the renja_lib module it is bound to
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            source = imported_module(node, name, path.name == "__init__.py")
            if source == "__future__" or not (source == "renja_lib" or source.startswith("renja_lib.")):
                continue
            for alias in node.names:
                full = f"{source}.{alias.name}"
                if full in MODULES:  # a module (private ones included), not a name
                    modules[alias.asname or alias.name] = full
                elif is_private(alias.name) and source != name:
                    found.append(f"{node.lineno}: from {source} import {alias.name}")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "renja_lib" or alias.name.startswith("renja_lib."):
                    if alias.asname:
                        modules[alias.asname] = alias.name
                    else:
                        modules[alias.name.split(".")[0]] = "renja_lib"
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and is_private(node.attr):
            chain, value = [node.attr], node.value
            while isinstance(value, ast.Attribute):  # renja_lib.analyse.budget._code_names
                chain.insert(0, value.attr)
                value = value.value
            if not isinstance(value, ast.Name) or value.id not in modules:
                continue
            owner = modules[value.id]
            for part in chain[:-1]:
                if f"{owner}.{part}" not in MODULES:
                    break
                owner = f"{owner}.{part}"
            else:
                if f"{owner}.{node.attr}" not in MODULES and owner != name:
                    found.append(f"{node.lineno}: {owner}.{node.attr}")
    return found


def test_the_scan_sees_every_kind_of_private_import(tmp_path):
    """The checker itself: each way of reaching a private name is caught; modules, dunders, own names are not."""
    module = PACKAGE / "present" / "sentences.py"
    text = "\n".join([
        "from __future__ import annotations",
        "from ..analyse.ratings import _operands, band",      # 2: private name, relative
        "from renja_lib.analyse import budget",
        "from .. import _compat",                             # a private module: allowed
        "from renja_lib import __version__",                  # a dunder: allowed
        "from .sentences import _own",                        # its own name: allowed
        "import renja_lib.analyse.budget as b",
        "x = budget._code_names(doc)",                       # 8: through the module
        "y = b._rp(1, 'id')",                                 # 9: through an alias
        "z = _compat.something",
    ])
    path = tmp_path / "sentences.py"
    path.write_text(text, encoding="utf-8")
    found = private_imports(module_name(module), path)
    assert found == ["2: from renja_lib.analyse.ratings import _operands",
                     "8: renja_lib.analyse.budget._code_names", "9: renja_lib.analyse.budget._rp"]


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_module_imports_a_private_name_of_another(name):
    assert private_imports(name, MODULES[name]) == [], (
        f"{name} uses private names of other modules; make the helper public (with a docstring) in the module "
        f"that owns it, or move it where it belongs")


def test_no_module_is_over_800_lines():
    long = {name: n for name, path in MODULES.items()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}, f"modules over {MAX_LINES} lines: split them by what they do"
