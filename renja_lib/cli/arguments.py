"""The ``renja`` command's arguments in the language of ``--lang``: its help pages and argparse's own words.

Everything argparse writes itself is replaced through its public API, so that the help pages and the usage
errors of ``renja`` are texts of the catalogue (``cli.help.*``, ``cli.argparse.*`` in ``cli.yaml``):

- the words ``usage:`` before the usage line: :class:`HelpFormatter` passes a translated ``prefix``;
- the sections ``positional arguments`` and ``options``: each parser is made with ``add_help=False`` and puts
  its arguments in argument groups of its own (:func:`sections`), whose titles are translated; argparse leaves
  out its own default sections when they are empty;
- ``-h, --help  show this help message and exit``: our own ``-h/--help`` (``action="help"``);
- a usage error (``invalid choice``, ``expected one argument`` ...): :meth:`ArgumentParser.error` prints the usage
  and one line ``renja: error: <message>``, the message being argparse's recognised by its pattern and written
  again from the catalogue (:func:`usage_message`), with the option names and the values the user typed as they
  are. A message of argparse this module does not know is shown in argparse's own words, after a frame of the
  catalogue that says so (``kata argparse: ...``).

The language has to be known before the arguments are parsed (``renja extract --help`` prints the help at once):
:func:`language_of` finds it in the command line.

>>> language_of(["extract", "--lang", "en", "--help"]), language_of(["audit", "--lang=fr"]), language_of([])
('en', 'id', 'id')
>>> usage_message("argument --lang: invalid choice: 'fr' (choose from 'id', 'en')").render("id")
"argumen --lang: pilihan tidak valid: 'fr' (pilih salah satu dari 'id', 'en')"
>>> usage_message("argument --timeout: invalid float value: '1,5'").render("id")
"argumen --timeout: diharapkan bilangan dengan titik sebagai pemisah desimal; ditemukan '1,5' (tulis 1.5)"
"""
from __future__ import annotations

import argparse
import ast
import re
import sys
from collections.abc import Sequence
from functools import partial
from typing import Any, NoReturn

from ..text import DEFAULT_LANG, LANGS
from ..text.catalogue import Message, tr
from .terminal import say

__all__ = ["COMMAND", "ArgumentParser", "HelpFormatter", "help_text", "language_of", "not_a_file_path", "sections",
           "usage_message"]

#: The ``dest`` of the sub-command (``extract``, ``audit``, ``report``), as argparse names it in its messages.
COMMAND = "command"

#: The exit status of a usage error (argparse's, kept).
EXIT_USAGE = 2


def language_of(argv: Sequence[str]) -> str:
    """The language asked for by ``--lang X`` or ``--lang=X`` in ``argv`` (the last valid one), else the default.

    Found before argparse reads the command line, so that its help and its errors are in that language. A
    prefix of ``--lang`` (``--la en``) counts too, as argparse accepts it; nothing after ``--`` does.
    """
    lang = DEFAULT_LANG
    args = list(argv)
    for i, arg in enumerate(args):
        if arg == "--":
            break
        name, eq, value = arg.partition("=")
        if len(name) < 3 or not "--lang".startswith(name):
            continue
        if not eq:
            value = args[i + 1] if i + 1 < len(args) else ""
        if value in LANGS:
            lang = value
    return lang


def help_text(key: str, lang: str) -> str:
    """The help of an argument: the catalogue's text ``key``, with ``%`` doubled (argparse formats help with ``%``)."""
    return tr(key, lang).replace("%", "%%")


class HelpFormatter(argparse.HelpFormatter):
    """argparse's help formatter with the words ``usage:`` in ``lang``."""

    def __init__(self, prog: str, *args: Any, lang: str = DEFAULT_LANG, **kwargs: Any) -> None:
        super().__init__(prog, *args, **kwargs)
        self.lang = lang

    def add_usage(self, usage, actions, groups, prefix=None):
        if prefix is None:  # argparse passes "" for a sub-parser's prog: kept
            prefix = tr("cli.argparse.usage", self.lang)
        return super().add_usage(usage, actions, groups, prefix)


class ArgumentParser(argparse.ArgumentParser):
    """An argument parser whose help and errors are in ``lang``: no help option of argparse's own (see
    :func:`sections`), the formatter :class:`HelpFormatter`, and :meth:`error` writing from the catalogue.
    Sub-parsers made by ``add_subparsers().add_parser(...)`` are of this class too; pass them ``lang``."""

    def __init__(self, *args: Any, lang: str = DEFAULT_LANG, **kwargs: Any) -> None:
        kwargs["add_help"] = False
        kwargs.setdefault("formatter_class", partial(HelpFormatter, lang=lang))
        super().__init__(*args, **kwargs)
        self.lang = lang

    def error(self, message: str) -> NoReturn:
        """The usage, then one line ``renja: error: <message>`` in the parser's language; exit status 2."""
        self.print_usage(sys.stderr)
        say(tr("cli.error", self.lang, message=usage_message(message)).replace("\n", " "), file=sys.stderr)
        self.exit(EXIT_USAGE)


def not_a_file_path(out: str | None, suffix: str | None = None) -> bool:
    """Whether an ``--out`` given cannot name a file: blank, ending with a folder separator, an existing folder,
    or (with ``suffix``) not ending with it. None (not given) can.

    >>> not_a_file_path("reports/"), not_a_file_path("a.pptx", ".pptx"), not_a_file_path("a.csv", ".pptx")
    (True, False, True)
    """
    from pathlib import Path

    if out is None:
        return False
    return (not out.strip() or out.endswith(("/", "\\")) or Path(out).is_dir()
            or (suffix is not None and not out.lower().endswith(suffix)))


def sections(parser: argparse.ArgumentParser, lang: str, *, positionals: bool = True):
    """The argument groups of ``parser``, titled in ``lang``: ``(positional arguments, options)``, the second
    holding our ``-h/--help`` already (``positionals=False``: the options only, for a parser whose positional
    is its sub-command, in a group that ``add_subparsers(title=...)`` makes)."""
    first = parser.add_argument_group(tr("cli.argparse.positionals", lang)) if positionals else None
    options = parser.add_argument_group(tr("cli.argparse.options", lang))
    options.add_argument("-h", "--help", action="help", help=help_text("cli.argparse.help", lang))
    return (first, options) if positionals else options


# ---------------------------------------------------------------- argparse's messages, in the catalogue's words
_ARGUMENT = re.compile(r"argument (?P<argument>\S+?): (?P<message>.*)", re.S)
_UNRECOGNIZED = re.compile(r"unrecognized arguments: (?P<args>.*)", re.S)
_REQUIRED = re.compile(r"the following arguments are required: (?P<args>.*)", re.S)
_AMBIGUOUS = re.compile(r"ambiguous option: (?P<option>\S+) could match (?P<matches>.*)", re.S)
_INVALID_CHOICE = re.compile(r"invalid choice: (?P<value>.*) \(choose from (?P<choices>.*)\)", re.S)
_INVALID_TYPE = re.compile(r"invalid (?P<type>int|float) value: (?P<value>.*)", re.S)
_IGNORED = re.compile(r"ignored explicit argument (?P<value>.*)", re.S)
_EXPECTED = {"expected one argument": "cli.argparse.expected.one",
             "expected at most one argument": "cli.argparse.expected.at_most_one",
             "expected at least one argument": "cli.argparse.expected.at_least_one"}
_INVALID = {"int": "cli.argparse.invalid_int", "float": "cli.argparse.invalid_float"}


def _decimal_point(value: str) -> str | None:
    """``'1,5'`` (a value argparse quotes) written with a decimal point, ``1.5``, if that is a number; else None."""
    try:
        text = ast.literal_eval(value)
    except (ValueError, SyntaxError):
        return None
    if not isinstance(text, str) or text.count(",") != 1:
        return None
    fixed = text.strip().replace(",", ".")
    try:
        float(fixed)
    except ValueError:
        return None
    return fixed


def _about_argument(argument: str, message: str) -> Message | None:
    """What argparse said about one argument (``argument --out: expected one argument``), or None if unknown."""
    if m := _INVALID_CHOICE.fullmatch(message):
        if argument == COMMAND:  # the sub-command: renja nope
            return Message("cli.argparse.unknown_command", value=m["value"], choices=m["choices"])
        return Message("cli.argparse.invalid_choice", value=m["value"], choices=m["choices"])
    if m := _INVALID_TYPE.fullmatch(message):
        if m["type"] == "float" and (fixed := _decimal_point(m["value"])) is not None:
            return Message("cli.argparse.invalid_float.comma", value=m["value"], fixed=fixed)
        return Message(_INVALID[m["type"]], value=m["value"])
    if message in _EXPECTED:
        return Message(_EXPECTED[message])
    if m := _IGNORED.fullmatch(message):
        return Message("cli.argparse.ignored_value", value=m["value"])
    return None


def usage_message(message: str) -> Message:
    """argparse's error ``message`` as a text of the catalogue, the option names and values kept as they are.

    >>> print(usage_message("unrecognized arguments: --colour").render("id"))
    argumen tidak dikenal: --colour
    >>> print(usage_message("argument --out: expected one argument").render("en"))
    argument --out: expected one argument
    >>> print(usage_message("some new words of argparse").render("id"))
    kata argparse: some new words of argparse
    """
    if m := _ARGUMENT.fullmatch(message):
        about = _about_argument(m["argument"], m["message"])
        if about is not None:
            if about.key == "cli.argparse.unknown_command":
                return about
            return Message("cli.argparse.argument", argument=m["argument"], message=about)
    elif m := _UNRECOGNIZED.fullmatch(message):
        return Message("cli.argparse.unrecognized", args=m["args"])
    elif m := _REQUIRED.fullmatch(message):
        if m["args"] == COMMAND:  # renja alone
            return Message("cli.argparse.command_required")
        return Message("cli.argparse.required", args=m["args"])
    elif m := _AMBIGUOUS.fullmatch(message):
        return Message("cli.argparse.ambiguous", option=m["option"], matches=m["matches"])
    return Message("cli.argparse.other", message=message)
