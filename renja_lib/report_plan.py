"""Planning a ``renja report`` run: which notebooks, which documents, which parameters, checked before anything runs."""
from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from .config import DEFAULT_SOURCE, NOTEBOOKS_DIR
from .errors import RenjaError

__all__ = ["ReportRun", "NotebookResult", "plan_runs", "parse_assignments", "slugify", "INJECTED", "LANGS"]

#: parameters the runner injects into every notebook that declares them
INJECTED = ("source", "lang", "figures_dir")
LANGS = ("id", "en")
_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


# ---------------------------------------------------------------- planning

@dataclass(frozen=True)
class ReportRun:
    """One document with one parameter set: one report folder."""

    slug: str
    source: Path
    params: dict[str, Any]
    notebooks: tuple[Path, ...]


@dataclass
class NotebookResult:
    slug: str
    notebook: str
    status: str = "pending"            # ok / failed / timeout / interrupted / not run
    seconds: float = 0.0
    failing_cell: int | None = None    # 1-based index of the failing code cell
    error: str | None = None           # "NameError: name 'x' is not defined"
    params: dict[str, Any] = field(default_factory=dict)


def slugify(text: str) -> str:
    """A folder name from free text: lower-case letters, digits and dashes."""
    text = re.sub(r"[^A-Za-z0-9]+", "-", str(text)).strip("-").lower()
    return text or "report"


def parse_assignments(items: Iterable[str]) -> dict[str, str]:
    """``["lang=en", "code=01"]`` -> ``{"lang": "en", "code": "01"}``: values stay text."""
    out: dict[str, str] = {}
    for item in items or ():
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or not _KEY.match(key):
            raise RenjaError(f"-p expects KEY=VALUE with KEY a parameter name (letters, digits, _), found {item!r}")
        out[key] = value
    return out


@functools.lru_cache(maxsize=256)
def _params_cached(path: str, mtime: float) -> dict[str, dict[str, Any]]:
    import ast

    try:
        nb = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise RenjaError(f"cannot read the notebook ({exc})", path=path) from None
    cells = [c for c in nb.get("cells", []) if "parameters" in c.get("metadata", {}).get("tags", [])]
    if not cells:
        return {}
    source = cells[0].get("source", "")
    source = "".join(source) if isinstance(source, list) else source
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise RenjaError(f"the parameters cell is not valid Python ({exc.msg})", path=path, line=exc.lineno) from None
    out: dict[str, dict[str, Any]] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets = [node.target]
        else:
            continue
        for target in targets:
            if not isinstance(target, ast.Name):
                continue
            try:
                value = ast.literal_eval(node.value)
                kind = {bool: "bool", int: "int", float: "float", str: "str", type(None): "None"}.get(
                    type(value), "other")
            except ValueError:
                kind = "other"
            out[target.id] = {"name": target.id, "default": ast.get_source_segment(source, node.value),
                              "kind": kind}
    return out


def _notebook_params(path: Path) -> dict[str, dict[str, Any]]:
    """The parameters a notebook declares in its ``parameters`` cell, with the type of each default.

    Read with ``ast``, as papermill does, but without importing the notebook tooling.
    """
    p = Path(path)
    return _params_cached(str(p), p.stat().st_mtime)


def _typed(value: Any, spec: dict[str, Any] | None) -> Any:
    """Text from the command line becomes a number or bool only where the notebook's default is one.

    A value such as a code (``01``) stays text, leading zeros and all. Where the
    default is ``None`` (an optional setting), ``true``/``false``/``none`` and a
    JSON object or list (``{"Q1": 20}``) are read as such; anything else stays text.
    """
    if not isinstance(value, str) or spec is None:
        return value
    kind = spec.get("kind", "str")
    text = value.strip()
    if kind == "int" and re.fullmatch(r"[+-]?(0|[1-9][0-9]*)", text):
        return int(text)
    if kind == "float" and re.fullmatch(r"[+-]?[0-9]+(\.[0-9]+)?", text):
        return float(text)
    if kind in ("bool", "None") and text.lower() in ("true", "false"):
        return text.lower() == "true"
    if kind == "None" and text.lower() in ("none", "null"):
        return None
    if kind == "None" and text[:1] in "{[":
        try:
            return json.loads(text)
        except ValueError:
            raise RenjaError(f"parameter value {text!r} starts like JSON but is not valid JSON") from None
    return value


def _find_notebooks(names: Iterable[str] | None, folder: Path) -> tuple[Path, ...]:
    available = sorted(p for p in folder.glob("*.ipynb") if not p.name.startswith("."))
    if not available:
        raise RenjaError("no notebooks found (expected *.ipynb)", path=folder)
    if not names:
        return tuple(available)
    chosen = []
    for name in names:
        stem = Path(name).stem
        match = [p for p in available if p.stem == stem or p.stem.split("_", 1)[-1] == stem or p.stem.startswith(stem + "_")]
        if len(match) != 1:
            known = ", ".join(p.stem for p in available)
            raise RenjaError(f"unknown notebook {name!r}; the notebooks are: {known}", path=folder)
        chosen.append(match[0])
    return tuple(chosen)


def _read_params_file(path: Path) -> list[dict[str, Any]]:
    import yaml

    if not path.exists():
        raise RenjaError("parameter file not found", path=path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        raise RenjaError(f"not valid YAML ({getattr(exc, 'problem', exc)})", path=path,
                         line=line + 1 if line is not None else None) from None
    if isinstance(data, dict) and "runs" in data:
        data = data["runs"]
    if not isinstance(data, list) or not all(isinstance(d, dict) for d in data):
        raise RenjaError("expected a list of runs, each a mapping with 'source' and/or 'parameters'", path=path)
    allowed = {"source", "parameters", "notebooks", "slug"}
    for i, entry in enumerate(data, 1):
        unknown = set(entry) - allowed
        if unknown:
            raise RenjaError(f"run {i}: unknown key(s) {sorted(unknown)}; allowed: {sorted(allowed)}", path=path)
        if "parameters" in entry and not isinstance(entry["parameters"], dict):
            raise RenjaError(f"run {i}: 'parameters' must be a mapping of name: value", path=path)
    return data


def plan_runs(
    sources: Iterable[str | Path] | None = None,
    *,
    notebooks: Iterable[str] | None = None,
    params: dict[str, Any] | None = None,
    params_file: str | Path | None = None,
    lang: str | None = None,
    notebooks_dir: Path = NOTEBOOKS_DIR,
) -> list[ReportRun]:
    """Check everything before anything runs; return one :class:`ReportRun` per report folder."""
    if lang is not None and lang not in LANGS:
        raise RenjaError(f"--lang must be one of {', '.join(LANGS)}; got {lang!r}")
    chosen = _find_notebooks(list(notebooks) if notebooks else None, notebooks_dir)
    specs = {nb: _notebook_params(nb) for nb in chosen}
    base = dict(params or {})
    if lang is not None:
        base["lang"] = lang
    entries: list[dict[str, Any]] = []
    if params_file is not None:
        for entry in _read_params_file(Path(params_file)):
            entries.append({"source": entry.get("source"), "parameters": {**base, **(entry.get("parameters") or {})},
                            "notebooks": entry.get("notebooks"), "slug": entry.get("slug"),
                            "base_dir": Path(params_file).resolve().parent})
    for src in list(sources or []):
        entries.append({"source": src, "parameters": dict(base), "notebooks": None, "slug": None,
                        "base_dir": Path.cwd()})
    if not entries:
        entries.append({"source": None, "parameters": dict(base), "notebooks": None, "slug": None,
                        "base_dir": Path.cwd()})
    runs: list[ReportRun] = []
    seen: set[str] = set()
    for entry in entries:
        src = entry["source"]
        source = DEFAULT_SOURCE if src is None else Path(src)
        if not source.is_absolute():
            source = (entry["base_dir"] / source)
        if not source.exists():
            raise RenjaError("source document not found", path=src)
        nbs = _find_notebooks(entry["notebooks"], notebooks_dir) if entry["notebooks"] else chosen
        for nb in nbs:
            specs.setdefault(nb, _notebook_params(nb))
        declared = set().union(*(specs[nb].keys() for nb in nbs))
        for key in entry["parameters"]:
            if key not in declared:
                raise RenjaError(
                    f"unknown parameter {key!r}: no selected notebook declares it; "
                    f"known parameters: {', '.join(sorted(declared))}")
            if key in ("source", "figures_dir"):
                raise RenjaError(f"parameter {key!r} is set by the runner; give the document as SOURCE instead")
        if entry["parameters"].get("lang", "id") not in LANGS:
            raise RenjaError(f"parameter lang must be one of {', '.join(LANGS)}; got {entry['parameters']['lang']!r}")
        user = {k: v for k, v in entry["parameters"].items()}
        slug = slugify(entry["slug"]) if entry["slug"] else _slug_for(source, user)
        if slug in seen:
            raise RenjaError(f"two runs would write the same report folder {slug!r}; give them different "
                             "parameters or a 'slug'")
        seen.add(slug)
        runs.append(ReportRun(slug, source.resolve(), user, nbs))
    return runs


def _slug_for(source: Path, params: dict[str, Any]) -> str:
    parts = [source.stem]
    for key in sorted(params):
        value = params[key]
        if isinstance(value, str) and ("/" in value or "\\" in value or re.search(r"\.(csv|xlsx?|ya?ml|txt)$", value)):
            value = Path(value).stem  # a file given as a parameter: its name, not its folders
        parts.append(f"{key}-{value}")
    return slugify("-".join(parts))[:120]
