"""Planning a ``renja report`` run: which notebooks, which documents, which parameters, checked before anything runs."""
from __future__ import annotations

import functools
import json
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from ..config import DEFAULT_SOURCE, NOTEBOOKS_DIR
from ..errors import RenjaError, from_os_error
from .parameters import REGISTRY, describe
from ..read.source import read_source
from ..text import Message, check_lang

__all__ = ["ReportRun", "NotebookResult", "plan_runs", "parse_assignments", "slugify", "notebook_params", "INJECTED",
           "absolute_paths"]

#: parameters the runner injects into every notebook that declares them
INJECTED = ("source", "lang", "figures_dir")
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
    #: why it failed: the kernel's own text ("NameError: name 'x' is not defined"), or a Message of the
    #: catalogue (errors_run.runner.*: "stopped after the time limit of 5 s"), written where it is shown
    error: str | Message | None = None
    params: dict[str, Any] = field(default_factory=dict)

    def error_text(self, lang: str) -> str | None:
        """:attr:`error` written in ``lang`` (the kernel's own text as it is).

        >>> NotebookResult("doc", "01_overview", "timeout", error=Message("errors_run.runner.timeout", seconds=5)
        ...                ).error_text("en")
        'stopped after the time limit of 5 s'
        """
        return self.error.render(lang) if isinstance(self.error, Message) else self.error


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
            raise RenjaError(Message("errors_run.plan.assignment", item=item))
        out[key] = value
    return out


@functools.lru_cache(maxsize=256)
def _params_cached(path: str, mtime: float) -> dict[str, dict[str, Any]]:
    import ast

    try:
        nb = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise RenjaError(Message("errors_run.plan.notebook_unreadable", error=str(exc)), path=path) from None
    cells = [c for c in nb.get("cells", []) if "parameters" in c.get("metadata", {}).get("tags", [])]
    if not cells:
        return {}
    source = cells[0].get("source", "")
    source = "".join(source) if isinstance(source, list) else source
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise RenjaError(Message("errors_run.plan.parameters_cell", error=exc.msg), path=path,
                         line=exc.lineno) from None
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


def notebook_params(path: Path) -> dict[str, dict[str, Any]]:
    """The parameters a notebook declares in its ``parameters`` cell, with the type of each default.

    Read with ``ast``, as papermill does, but without importing the notebook tooling.
    """
    p = Path(path)
    return _params_cached(str(p), p.stat().st_mtime)


def _typed(value: Any, spec: dict[str, Any] | None) -> Any:
    """Text for a parameter the registry does not know, typed from the notebook's default.

    :func:`plan_runs` types every value before anything runs (registered
    parameters with :data:`renja_lib.run.parameters.REGISTRY`); a value that is not
    text, as :func:`plan_runs` gives it, is returned unchanged.

    Text becomes a number or bool only where the notebook's default is one; a
    value such as a code (``01``) stays text, leading zeros and all. Where the
    default is ``None`` (an optional setting), ``true``/``false``/``none`` and a
    JSON object or list (``{"Q1": 20}``) are read as such; anything else stays text.
    """
    if not isinstance(value, str) or spec is None:
        return value
    kind = spec.get("kind", "str")
    text = value.strip()
    if kind == "int" and re.fullmatch(r"[+-]?(0|[1-9][0-9]{0,99})", text):
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
        except (ValueError, RecursionError):
            message = Message("errors_run.plan.json_invalid", text=text)
            if spec.get("name"):
                message = Message("errors_run.parameters.named", name=spec["name"], detail=message)
            raise RenjaError(message) from None
    return value


def _find_notebooks(names: Iterable[str] | None, folder: Path) -> tuple[Path, ...]:
    available = sorted(p for p in folder.glob("*.ipynb") if not p.name.startswith("."))
    if not available:
        raise RenjaError(Message("errors_run.plan.no_notebooks"), path=folder)
    if not names:
        return tuple(available)
    chosen = []
    for name in names:
        stem = Path(name).stem
        match = [p for p in available if p.stem == stem or p.stem.split("_", 1)[-1] == stem or p.stem.startswith(stem + "_")]
        if len(match) != 1:
            known = ", ".join(p.stem for p in available)
            raise RenjaError(Message("errors_run.plan.unknown_notebook", name=name, known=known), path=folder)
        chosen.append(match[0])
    return tuple(chosen)


# ---------------------------------------------------------------- parameter files (YAML)

#: A parameter file is a short list of runs; anything larger is refused before YAML reads it.
MAX_PARAMS_FILE_BYTES = 1_000_000
#: The keys of one run in a parameter file.
RUN_KEYS = ("source", "parameters", "notebooks", "slug")


class _AliasFound(Exception):
    def __init__(self, mark: Any):
        super().__init__("YAML anchor or alias")
        self.mark = mark


@functools.lru_cache(maxsize=1)
def _strict_loader() -> type:
    """``yaml.SafeLoader`` that refuses anchors (``&a``) and aliases (``*a``, ``<<: *a``) as it meets them.

    An alias bomb ("billion laughs") is refused at its first anchor, before
    anything is expanded; a parameter file never needs either.
    """
    import yaml

    class _NoAliasLoader(yaml.SafeLoader):
        def compose_node(self, parent, index):  # noqa: ANN001, ANN202 (PyYAML's signature)
            event = self.peek_event()
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
                raise _AliasFound(event.start_mark)
            return super().compose_node(parent, index)

    return _NoAliasLoader


def _load_yaml(path: Path) -> tuple[Any, Any]:
    """The data of a parameter file and its YAML node (for line numbers); one RenjaError for anything wrong."""
    import yaml

    try:
        st = path.stat()
    except (FileNotFoundError, NotADirectoryError):
        raise RenjaError(Message("errors_run.plan.file.not_found"), path=path) from None
    except (OSError, ValueError) as exc:
        if isinstance(exc, ValueError):
            raise RenjaError(Message("errors_run.plan.file.invalid_path"), path=repr(str(path))) from None
        raise from_os_error(exc, path=path, doing=Message("errors_run.plan.file.doing_read")) from None
    if stat.S_ISDIR(st.st_mode):
        raise RenjaError(Message("errors_run.plan.file.folder"), path=path)
    if not stat.S_ISREG(st.st_mode):
        raise RenjaError(Message("errors_run.plan.file.not_regular"), path=path)
    too_big = RenjaError(Message("errors_run.plan.file.too_large", mb=MAX_PARAMS_FILE_BYTES // 1_000_000), path=path)
    if st.st_size > MAX_PARAMS_FILE_BYTES:
        raise too_big
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_PARAMS_FILE_BYTES + 1)
    except OSError as exc:
        raise from_os_error(exc, path=path, doing=Message("errors_run.plan.file.doing_read")) from None
    if len(data) > MAX_PARAMS_FILE_BYTES:
        raise too_big
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RenjaError(Message("errors_run.plan.file.not_utf8", byte=data[exc.start]),
                         path=path, line=data[: exc.start].count(b"\n") + 1) from None
    loader = _strict_loader()(text)
    try:
        node = loader.get_single_node()
        value = loader.construct_document(node) if node is not None else None
    except _AliasFound as exc:
        raise RenjaError(Message("errors_run.plan.file.alias"), path=path, line=exc.mark.line + 1) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise RenjaError(Message("errors_run.plan.file.yaml", problem=problem), path=path,
                         line=mark.line + 1 if mark is not None else None) from None
    except RecursionError:
        raise RenjaError(Message("errors_run.plan.file.too_deep"), path=path) from None
    except (ValueError, OverflowError, TypeError) as exc:  # e.g. a date 2024-02-30
        raise RenjaError(Message("errors_run.plan.file.yaml", problem=str(exc)), path=path) from None
    finally:
        loader.dispose()
    return value, node


def _line(node: Any) -> int | None:
    return node.start_mark.line + 1 if node is not None and getattr(node, "start_mark", None) else None


def _mapping_nodes(node: Any, path: Path) -> dict[str, tuple[Any, Any]]:
    """Key text -> (key node, value node) of a YAML mapping node; a key given twice is refused."""
    import yaml

    out: dict[str, tuple[Any, Any]] = {}
    if not isinstance(node, yaml.MappingNode):
        return out
    for key, value in node.value:
        if isinstance(key, yaml.ScalarNode):
            if key.value in out:
                raise RenjaError(Message("errors_run.plan.file.duplicate_key", key=key.value), path=path,
                                 line=_line(key))
            out[key.value] = (key, value)
    return out


def _read_params_file(path: Path) -> list[dict[str, Any]]:
    """The runs of a parameter file, each checked for its shape (types of its keys); values are typed later.

    Each run: ``number`` (1-based), ``line``, ``source``, ``parameters``, ``notebooks``, ``slug`` and
    ``lines`` (line of each key, and of each parameter as ``"parameters.NAME"``).
    """
    import yaml

    path = Path(path)
    data, node = _load_yaml(path)
    shape = Message("errors_run.plan.file.shape")
    if isinstance(data, dict):
        keys = _mapping_nodes(node, path)
        if "runs" not in data or len(data) != 1:
            raise RenjaError(Message("errors_run.plan.file.mapping_keys", shape=shape,
                                     keys=", ".join(repr(k) for k in list(data)[:10])), path=path, line=_line(node))
        node = keys.get("runs", (None, None))[1]
        data = data["runs"]
    if data is None or data == []:
        raise RenjaError(Message("errors_run.plan.file.no_runs", shape=shape), path=path, line=_line(node))
    if not isinstance(data, list):
        raise RenjaError(Message("errors_run.plan.file.not_list", shape=shape, found=describe(data)), path=path,
                         line=_line(node))
    items = list(node.value) if isinstance(node, yaml.SequenceNode) else [None] * len(data)
    runs = []

    def fail(number: int, detail: Message, at: int | None) -> RenjaError:
        return RenjaError(_in_run(number, detail), path=path, line=at)

    for number, (entry, item) in enumerate(zip(data, items), 1):
        line = _line(item)
        if not isinstance(entry, dict):
            raise fail(number, Message("errors_run.plan.run.not_mapping", keys=", ".join(RUN_KEYS),
                                       found=describe(entry)), line)
        nodes = _mapping_nodes(item, path)
        lines = {k: _line(v) for k, (_, v) in nodes.items()}
        for key in entry:
            if not isinstance(key, str) or key not in RUN_KEYS:
                raise fail(number, Message("errors_run.plan.run.unknown_key", key=describe(key),
                                           keys=", ".join(RUN_KEYS)),
                           _line(nodes[key][0]) if isinstance(key, str) and key in nodes else line)
        source = entry.get("source")
        if "source" in entry and (not isinstance(source, str) or not source.strip()):
            hint = (_QUOTE if isinstance(source, (int, float))
                    else Message("errors_run.plan.run.source_hint") if source is None else "")
            raise fail(number, Message("errors_run.plan.run.source", found=describe(source), hint=hint),
                       lines.get("source", line))
        names = entry.get("notebooks")
        if "notebooks" in entry:
            if not isinstance(names, list) or not names:
                hint = Message("errors_run.plan.run.notebooks_hint") if names in (None, []) else ""
                raise fail(number, Message("errors_run.plan.run.notebooks", found=describe(names), hint=hint),
                           lines.get("notebooks", line))
            for j, name in enumerate(names, 1):
                if not isinstance(name, str) or not name.strip():
                    hint = _QUOTE if isinstance(name, (bool, int, float)) else ""
                    raise fail(number, Message("errors_run.plan.run.notebook_item", number=j, found=describe(name),
                                               hint=hint), lines.get("notebooks", line))
        slug = entry.get("slug")
        if "slug" in entry and (not isinstance(slug, str) or not slug.strip()):
            hint = _QUOTE if isinstance(slug, (bool, int, float)) else ""
            raise fail(number, Message("errors_run.plan.run.slug", found=describe(slug), hint=hint),
                       lines.get("slug", line))
        params = entry.get("parameters", {})
        if not isinstance(params, dict):
            raise fail(number, Message("errors_run.plan.run.parameters", found=describe(params)),
                       lines.get("parameters", line))
        pnodes = _mapping_nodes(nodes["parameters"][1], path) if "parameters" in nodes else {}
        for key in params:
            if not isinstance(key, str):
                raise fail(number, Message("errors_run.plan.run.parameter_name", found=describe(key)),
                           lines.get("parameters", line))
            lines["parameters." + key] = _line(pnodes[key][1]) if key in pnodes else lines.get("parameters", line)
        runs.append({"number": number, "line": line, "source": source, "parameters": params,
                     "notebooks": names, "slug": slug, "lines": lines})
    return runs


#: why a number where text is expected was refused: YAML typed it
_QUOTE = Message("errors_run.plan.run.quote_hint")


def _in_run(number: int | None, detail: Any) -> Any:
    """``detail`` as said of run ``number`` of a parameter file ("run 2: ..."); as it is without a number."""
    return detail if number is None else Message("errors_run.plan.run", number=number, detail=detail)


# ---------------------------------------------------------------- checks

def _check_source(given: str | Path | None, base_dir: Path, context: dict[str, Any] | None = None) -> Path:
    """The absolute path of a source document that exists and reads as a Renja text; one RenjaError if not.

    A relative ``given`` is taken from ``base_dir`` (the current folder, or a parameter file's folder). A
    message names the path as tried, and the path as written when they differ: "/work/data/x.txt: source
    document not found (written as 'data/x.txt', read from the current folder)". ``context`` (``number``,
    ``file``, ``line`` of a run in a parameter file) is added: "... (the source of run 2 in runs.yml, line 3,
    written as 'x.txt': paths in a parameter file are read from its folder)".
    """
    source = DEFAULT_SOURCE if given is None else Path(given)
    if "\x00" in str(source):
        raise RenjaError(_said(Message("errors_run.plan.source.nul"), None, context), path=repr(str(source)))
    written = None
    if not source.is_absolute():
        written = str(given)
        source = Path(os.path.abspath(base_dir / source))

    def said(detail: Any) -> Any:
        return _said(detail, written, context)

    try:
        st = source.stat()
    except (FileNotFoundError, NotADirectoryError):
        raise RenjaError(said(Message("errors_run.plan.source.not_found")), path=source) from None
    except OSError as exc:
        raise from_os_error(exc, path=source, doing=said(Message("errors_run.plan.source.doing_read"))) from None
    if stat.S_ISDIR(st.st_mode):
        raise RenjaError(said(Message("errors_run.plan.source.folder")), path=source)
    if not stat.S_ISREG(st.st_mode):
        raise RenjaError(said(Message("errors_run.plan.source.not_regular")), path=source)
    try:
        read_source(source)
    except OSError as exc:
        raise from_os_error(exc, path=source, doing=said(Message("errors_run.plan.source.doing_read"))) from None
    except RenjaError as exc:
        if not context and written is None:
            raise
        raise type(exc)(said(exc.detail), path=exc.path, line=exc.line) from None
    return source.resolve()


def _said(detail: Any, written: str | None, context: dict[str, Any] | None) -> Any:
    """``detail`` of a source document, with the path as written (when relative) and the run it belongs to."""
    if context:
        if written is not None:
            return Message("errors_run.plan.source.of_run_written", detail=detail, written=written, **context)
        return Message("errors_run.plan.source.of_run", detail=detail, **context)
    if written is not None:
        return Message("errors_run.plan.source.written", detail=detail, written=written)
    return detail


def _check_parameter(key: str, value: Any, declared: dict[str, dict[str, Any]], *, base_dir: Path,
                     run: int | None = None, path: Path | None = None, line: int | None = None) -> Any:
    """One parameter's value as the notebooks get it, typed and checked; one RenjaError if it cannot be.

    ``run`` is the number of the run in the parameter file ``path`` ("run 2: " before the message).
    """
    try:
        return _check_parameter_value(key, value, declared, base_dir=base_dir, path=path, line=line)
    except RenjaError as exc:
        if run is None:
            raise
        raise type(exc)(_in_run(run, exc.detail), path=exc.path, line=exc.line) from None


def _check_parameter_value(key: str, value: Any, declared: dict[str, dict[str, Any]], *, base_dir: Path,
                           path: Path | None, line: int | None) -> Any:
    where = {"path": path, "line": line}
    param = REGISTRY.get(key)
    if (param is not None and param.set_by_runner) or key in ("source", "figures_dir"):
        raise RenjaError(Message("errors_run.plan.parameter.by_runner", name=key), **where)
    if key not in declared:
        settable = (", ".join(sorted(k for k in declared if k not in ("source", "figures_dir")))
                    or Message("errors_run.plan.parameter.none"))
        if param is not None and param.notebooks:
            raise RenjaError(Message("errors_run.plan.parameter.not_selected", name=key,
                                     notebooks=", ".join(param.notebooks), settable=settable), **where)
        raise RenjaError(Message("errors_run.plan.parameter.unknown", name=key, settable=settable), **where)
    if param is not None:
        return param.check(value, base_dir=base_dir, **where)
    # A notebook outside the project's folder declaring a parameter the registry does not know (the
    # project's own notebooks are all registered: tests/test_parameters.py): typed from its default.
    if not isinstance(value, str):
        return value
    try:
        return _typed(value, {**declared[key], "name": key})
    except RenjaError as exc:
        raise RenjaError(exc.detail, **where) from None


# ---------------------------------------------------------------- planning

def plan_runs(
    sources: Iterable[str | Path] | None = None,
    *,
    notebooks: Iterable[str] | None = None,
    params: dict[str, Any] | None = None,
    params_file: str | Path | None = None,
    lang: str | None = None,
    notebooks_dir: Path = NOTEBOOKS_DIR,
) -> list[ReportRun]:
    """Check everything before anything runs; return one :class:`ReportRun` per report folder.

    Every source is checked (exists, a readable text file), every parameter is typed and checked
    against :data:`renja_lib.run.parameters.REGISTRY` (relative paths from ``params`` against the current
    folder, from ``params_file`` against the file's folder): ``ReportRun.params`` holds the values the
    notebooks get. Anything wrong is one :class:`RenjaError` before any kernel starts.
    """
    if lang is not None:
        check_lang(lang, arg="--lang")
    chosen = _find_notebooks(list(notebooks) if notebooks else None, notebooks_dir)
    specs = {nb: notebook_params(nb) for nb in chosen}
    base = dict(params or {})
    if lang is not None:
        base["lang"] = lang
    cwd = Path.cwd()
    entries: list[dict[str, Any]] = []
    if params_file is not None:
        pf = Path(params_file)
        for run in _read_params_file(pf):
            entries.append({**run, "file": pf, "base_dir": pf.resolve().parent})
    for src in list(sources or []):
        entries.append({"source": src, "parameters": {}, "notebooks": None, "slug": None, "file": None,
                        "base_dir": cwd})
    if not entries:
        entries.append({"source": None, "parameters": {}, "notebooks": None, "slug": None, "file": None,
                        "base_dir": cwd})
    runs: list[ReportRun] = []
    seen: set[str] = set()
    checked_sources: dict[tuple[str, str], Path] = {}
    for entry in entries:
        pf = entry["file"]
        number = entry["number"] if pf is not None else None
        lines = entry.get("lines", {})
        context = {"number": number, "file": pf, "line": entry["line"]} if pf is not None else None
        key = (str(entry["base_dir"]), str(entry["source"]))
        if key not in checked_sources:
            checked_sources[key] = _check_source(entry["source"], entry["base_dir"], context)
        source = checked_sources[key]
        if entry["notebooks"]:
            try:
                nbs = _find_notebooks(entry["notebooks"], notebooks_dir)
            except RenjaError as exc:
                raise RenjaError(_in_run(number, exc.detail), path=pf, line=lines.get("notebooks")) from None
        else:
            nbs = chosen
        for nb in nbs:
            if nb not in specs:
                specs[nb] = notebook_params(nb)
        declared: dict[str, dict[str, Any]] = {}
        for nb in nbs:
            for name, spec in specs[nb].items():
                declared.setdefault(name, spec)
        values: dict[str, Any] = {}
        for name, value in base.items():
            values[name] = _check_parameter(name, value, declared, base_dir=cwd)
        for name, value in entry["parameters"].items():
            values[name] = _check_parameter(name, value, declared, base_dir=entry["base_dir"], run=number,
                                            path=pf, line=lines.get("parameters." + name))
        given = {**base, **entry["parameters"]}
        slug = slugify(entry["slug"]) if entry["slug"] else _slug_for(source, given)
        if slug in seen:
            raise RenjaError(_in_run(number, Message("errors_run.plan.same_slug", slug=slug)), path=pf,
                             line=entry.get("line"))
        seen.add(slug)
        runs.append(ReportRun(slug, source, values, nbs))
    return runs


def absolute_paths(run: ReportRun, base_dir: str | Path | None = None) -> ReportRun:
    """``run`` with its source and every path parameter (:attr:`Parameter.is_path
    <renja_lib.run.parameters.Parameter.is_path>`) absolute, relative ones taken from ``base_dir`` (default: the
    current folder); the same run when they are already.

    :func:`plan_runs` gives absolute paths; a run built by hand may not, and a notebook runs in its report's
    staging folder, where a relative path would name another file. The runner calls this before any kernel
    starts.

    >>> run = absolute_paths(ReportRun("a", Path("doc.txt"), {"extra_indicators": "x.csv", "region": "x.csv"}, ()),
    ...                      "/data")
    >>> str(run.source), run.params
    ('/data/doc.txt', {'extra_indicators': '/data/x.csv', 'region': 'x.csv'})
    """
    base = Path(base_dir) if base_dir is not None else Path.cwd()

    def absolute(value: Any) -> Any:
        if isinstance(value, list):
            return [absolute(v) for v in value]
        if isinstance(value, (str, Path)) and str(value) and not Path(value).is_absolute():
            return type(value)(os.path.abspath(base / Path(value).expanduser()))
        return value

    params = {k: absolute(v) if REGISTRY.get(k) is not None and REGISTRY[k].is_path else v
              for k, v in run.params.items()}
    source = absolute(run.source)
    if params == run.params and source == run.source:
        return run
    return ReportRun(run.slug, source, params, run.notebooks)


def _slug_for(source: Path, params: dict[str, Any]) -> str:
    parts = [source.stem]
    for key in sorted(params):
        value = params[key]
        if isinstance(value, list):  # several files: their names
            value = "+".join(Path(str(v)).stem for v in value)
        elif isinstance(value, str) and ("/" in value or "\\" in value or re.search(r"\.(csv|xlsx?|ya?ml|txt)$", value)):
            value = Path(value).stem  # a file given as a parameter: its name, not its folders
        parts.append(f"{key}-{value}")
    return slugify("-".join(parts))[:120]
