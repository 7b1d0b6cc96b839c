"""The one text catalogue: every word a user sees, in every language of :data:`~renja_lib.text.LANGS`.

The texts live in YAML files in ``renja_lib/text/catalogue/``, one file per kind of
output (``audit.yaml``, ``charts.yaml``, ``sentences.yaml``, ``pages.yaml``,
``cli.yaml``, ...). A file's name is the first part of its keys: the entry
``stage.draft`` of ``audit.yaml`` is the key ``audit.stage.draft``. Each entry holds
one text per language::

    n.program:                    # the key audit.n.program
      id: "{n} program"
      en:
        one: "{n} programme"      # chosen by the count, with CLDR plural rules (Babel)
        other: "{n} programmes"

and :func:`tr` is the one function that writes it. Templates are :meth:`str.format`
strings whose fields can carry a number format, written in the output's language
by :mod:`renja_lib.text.formats`:

==================  ============================================  ======================
field               formats with                                  ``id`` / ``en``
==================  ============================================  ======================
``{x:number}``      :func:`~renja_lib.text.formats.fmt_number`    ``5.168,5`` / ``5,168.5``
``{x:number.2}``    the same, with 2 decimals
``{x:pct}``         :func:`~renja_lib.text.formats.fmt_percent`   ``6,23%`` / ``6.23%``
``{x:pct.1}``       the same, with 1 decimal
``{x:pts}``         :func:`~renja_lib.text.formats.fmt_points`    ``+0,52 poin`` / ``+0.52 pp``
``{x:rp}``          :func:`~renja_lib.text.formats.fmt_rupiah`    ``Rp 5,17 M`` / ``Rp 5.17 bn``
``{x:rp_full}``     :func:`~renja_lib.text.formats.fmt_rupiah_full`
``{x:list}``        Babel's list format                           ``a, b, dan c`` / ``a, b, and c``
==================  ============================================  ======================

A plural entry maps CLDR plural categories (``one``, ``other``, ...) and exact
counts (``=0``) to texts; ``other`` is required. The count is ``count=`` or, when
not given, the field ``n``. Indonesian does not inflect, so its entries are plain.

An office can change the wording without touching the code: point the environment
variable ``RENJA_CATALOGUE`` at a folder of YAML files in the same shape; each entry
there replaces the entry of the same key (an unknown key is an error, so a typo
does not pass silently). The tests use it to render every output with a catalogue
whose texts are bracketed, which shows any word that does not come from here.

>>> tr("cli.problems", "en", n=1)
'1 problem:'
>>> tr("cli.problems", "en", n=3)
'3 problems:'
>>> tr("cli.problems", "id", n=3)
'3 masalah:'
"""
from __future__ import annotations

import difflib
import os
import string
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from ..errors import InternalError, RenjaError
from .langs import DEFAULT_LANG, LANGS, check_lang

__all__ = ["CATALOGUE_DIR", "OVERRIDE_ENV", "PLURAL_FORMS", "Message", "catalogue", "has", "keys", "reload", "tr"]

#: The folder of the catalogue's YAML files, shipped with the package.
CATALOGUE_DIR = Path(__file__).resolve().parent / "catalogue"

#: The environment variable naming a folder of YAML files whose entries replace the shipped ones.
OVERRIDE_ENV = "RENJA_CATALOGUE"

#: The keys a plural entry may use: CLDR's categories and exact counts ``=0``, ``=1``, ``=2``.
PLURAL_FORMS = frozenset({"zero", "one", "two", "few", "many", "other", "=0", "=1", "=2"})

#: One text of an entry in one language: a template, or plural forms mapped to templates.
Text = str | Mapping[str, str]


def _line_of(path: Path, key: str) -> int | None:
    """The line of ``key`` in the YAML file ``path`` (for error messages), if it can be found."""
    try:
        node = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (OSError, yaml.YAMLError):
        return None
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            if key_node.value == key:
                return key_node.start_mark.line + 1
    return None


def _check_text(text: Any, where: str) -> Text:
    if isinstance(text, str):
        return text
    if isinstance(text, (bool, int, float)) or text is None:
        raise ValueError(f"{where}: expected a text, found {text!r} (YAML reads an unquoted yes, no, on, off, "
                         "a number or an empty value as such: quote the text)")
    if isinstance(text, Mapping) and text:
        unknown = sorted(set(map(str, text)) - PLURAL_FORMS)
        if unknown:
            raise ValueError(f"{where}: expected plural forms among {sorted(PLURAL_FORMS)}, found {unknown}")
        if "other" not in text:
            raise ValueError(f"{where}: a plural entry needs an 'other' form")
        if not all(isinstance(v, str) for v in text.values()):
            raise ValueError(f"{where}: every plural form must be a text")
        return MappingProxyType({str(k): v for k, v in text.items()})
    raise ValueError(f"{where}: expected a text or plural forms, found {text!r}")


def _read_file(path: Path, *, partial: bool) -> dict[str, Mapping[str, Text]]:
    """The entries of one catalogue file, keyed ``<file stem>.<entry>``; every language required unless ``partial``."""
    try:
        with path.open(encoding="utf-8") as fh:
            data = yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 (safe loader)
    except OSError as exc:
        raise RenjaError(f"cannot read the text catalogue: {exc.strerror or exc}", path=path) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise RenjaError(f"expected YAML text entries; {getattr(exc, 'problem', None) or exc}", path=path,
                         line=mark.line + 1 if mark is not None else None) from exc
    if data is None:
        return {}
    if not isinstance(data, Mapping):
        raise RenjaError(f"expected a mapping of keys to texts, found {type(data).__name__}", path=path)
    entries: dict[str, Mapping[str, Text]] = {}
    for name, texts in data.items():
        where = f"entry {name!r}"
        try:
            if not isinstance(texts, Mapping):
                raise ValueError(f"{where}: expected one text per language {list(LANGS)}, found {texts!r}")
            langs = set(map(str, texts))
            missing, unknown = sorted(set(LANGS) - langs), sorted(langs - set(LANGS))
            if unknown or (missing and not partial):
                raise ValueError(f"{where}: expected the languages {list(LANGS)}, found {sorted(langs)}")
            entries[f"{path.stem}.{name}"] = MappingProxyType(
                {lang: _check_text(texts[lang], f"{where}, {lang}") for lang in LANGS if lang in texts})
        except ValueError as exc:
            raise RenjaError(str(exc), path=path, line=_line_of(path, str(name))) from None
    return entries


@cache
def catalogue() -> Mapping[str, Mapping[str, Text]]:
    """Every entry: ``catalogue()[key][lang]``, the shipped files with the ``RENJA_CATALOGUE`` ones over them."""
    entries: dict[str, Mapping[str, Text]] = {}
    for path in sorted(CATALOGUE_DIR.glob("*.yaml")):
        entries.update(_read_file(path, partial=False))
    override = os.environ.get(OVERRIDE_ENV)
    if override:
        folder = Path(override)
        if not folder.is_dir():
            raise RenjaError(f"{OVERRIDE_ENV} must name a folder of YAML catalogue files; found no folder",
                             path=folder)
        for path in sorted(folder.glob("*.yaml")):
            for key, texts in _read_file(path, partial=True).items():
                if key not in entries:
                    close = difflib.get_close_matches(key, list(entries), n=1)
                    hint = f" (did you mean {close[0]!r}?)" if close else ""
                    raise RenjaError(f"expected keys of the shipped catalogue; found {key!r}{hint}", path=path,
                                     line=_line_of(path, key.split(".", 1)[1]))
                entries[key] = MappingProxyType({**entries[key], **texts})
    return MappingProxyType(entries)


def reload() -> None:
    """Read the catalogue again on next use (after ``RENJA_CATALOGUE`` changed)."""
    catalogue.cache_clear()
    _plural_category.cache_clear()


def keys() -> list[str]:
    """Every key of the catalogue, sorted."""
    return sorted(catalogue())


def has(key: str) -> bool:
    """Whether ``key`` is in the catalogue (for words that exist only for some names, e.g. a rule's group)."""
    return key in catalogue()


@cache
def _plural_category(lang: str, count: float) -> str:
    from babel import Locale

    return Locale.parse(lang).plural_form(abs(count))


def _choose(text: Text, lang: str, count: Any, key: str) -> str:
    if isinstance(text, str):
        return text
    if count is None or isinstance(count, bool) or not isinstance(count, (int, float)):
        raise InternalError(f"text {key!r} has plural forms and needs a number as count (or n); got {count!r}")
    if count == int(count) and f"={int(count)}" in text:
        return text[f"={int(count)}"]
    return text.get(_plural_category(lang, count), text["other"])


class _Formatter(string.Formatter):
    """:meth:`str.format` with the number formats of :mod:`renja_lib.text.formats` as format specs."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def format_field(self, value: Any, format_spec: str) -> str:
        name, _, decimals = format_spec.partition(".")
        if name not in _SPECS:
            return super().format_field(value, format_spec)
        return _SPECS[name](value, int(decimals) if decimals else None, self.lang)


def _list(value: Any, decimals: int | None, lang: str) -> str:
    from babel.lists import format_list

    items = [str(v) for v in value] if isinstance(value, Sequence) and not isinstance(value, str) else [str(value)]
    return format_list(items, locale=lang) if items else ""


def _spec(name: str):
    def format_value(value: Any, decimals: int | None, lang: str) -> str:
        from . import formats

        function = getattr(formats, name)
        if name in ("fmt_rupiah", "fmt_rupiah_full"):
            return function(value, lang)
        if decimals is None and name != "fmt_number":
            return function(value, lang=lang)
        return function(value, decimals, lang=lang)
    return format_value


_SPECS = {"number": _spec("fmt_number"), "pct": _spec("fmt_percent"), "pts": _spec("fmt_points"),
          "rp": _spec("fmt_rupiah"), "rp_full": _spec("fmt_rupiah_full"), "list": _list}


class LocalText(str):
    """Text that is written anew in each language when a message holding it is rendered (a number of the audit:
    ``1.000`` in Indonesian, ``1,000`` in English). As a ``str`` it is the Indonesian text, so that a column or
    a comparison that holds it reads as before; a subclass says how it is written in a language (:meth:`render`)."""

    __slots__ = ()

    def render(self, lang: str) -> str:
        return str(self)


def _field(value: Any, lang: str) -> Any:
    """A field's value ready for formatting: messages and local texts rendered in ``lang``, lists of them too."""
    if isinstance(value, (Message, LocalText)):
        return value.render(lang)
    if isinstance(value, (list, tuple)):
        return type(value)(_field(v, lang) for v in value)
    return value


class Message:
    """A text of the catalogue not yet written in a language: a key, its fields and its count.

    Layers that must not depend on the language (the audit's rules, the analysis
    frames) keep what they have to say as a message; the presentation layer writes
    it with :meth:`render`. Fields may be messages themselves (or lists of them, for
    ``{x:list}``); they are rendered in the same language.

    >>> m = Message("cli.problems", n=2)
    >>> m.render("en"), m.render("id")
    ('2 problems:', '2 masalah:')
    """

    __slots__ = ("key", "count", "fields")

    def __init__(self, key: str, /, count: float | None = None, **fields: Any) -> None:
        self.key, self.count, self.fields = key, count, MappingProxyType(fields)

    def render(self, lang: str = DEFAULT_LANG) -> str:
        """The message written in ``lang``."""
        return tr(self.key, lang, count=self.count, **self.fields)

    def __eq__(self, other: object) -> bool:
        # (the fields compared as they are: a mapping proxy compares the dicts it shows, copying neither)
        return self is other or (isinstance(other, Message) and (self.key, self.count) == (other.key, other.count)
                                 and self.fields == other.fields)

    def __hash__(self) -> int:
        return hash((self.key, self.count))

    def __repr__(self) -> str:
        fields = "".join(f", {k}={v!r}" for k, v in self.fields.items())
        count = f", count={self.count!r}" if self.count is not None else ""
        return f"Message({self.key!r}{count}{fields})"

    def __str__(self) -> str:
        return self.render(DEFAULT_LANG)

    def __reduce__(self):  # a message (and an error carrying one) crosses process boundaries by pickle
        return (_message, (self.key, self.count, dict(self.fields)))


def _message(key: str, count: float | None, fields: dict[str, Any]) -> Message:
    return Message(key, count=count, **fields)


def tr(key: str, lang: str = DEFAULT_LANG, /, count: float | None = None, **fields: Any) -> str:
    """The text ``key`` of the catalogue in ``lang``, its fields filled in.

    ``count`` (or the field ``n``) chooses among plural forms. A key that is not in
    the catalogue, or a field the template needs and was not given, is a bug of the
    caller: :class:`~renja_lib.errors.InternalError`, naming the key.

    >>> tr("pages.index.title", "en")
    'Renja reports'
    >>> tr("cli.extract.rows", "id", name="tables.csv", n=12)
    '  tables.csv                  12 baris'
    """
    lang = check_lang(lang)
    entries = catalogue()
    texts = entries.get(key)
    if texts is None:
        close = difflib.get_close_matches(str(key), list(entries), n=3)
        hint = f" (did you mean {', '.join(map(repr, close))}?)" if close else ""
        raise InternalError(f"the text catalogue has no key {key!r}{hint}")
    template = _choose(texts[lang], lang, fields.get("n") if count is None else count, key)
    try:
        return _Formatter(lang).vformat(template, (), {k: _field(v, lang) for k, v in fields.items()})
    except (KeyError, IndexError) as exc:
        raise InternalError(f"text {key!r} needs the field {exc}; given {sorted(fields)}") from None
    except ValueError as exc:
        raise InternalError(f"text {key!r} in {lang!r}: {exc}") from None
