"""Every error message and reading problem comes from the text catalogue, in the language asked for.

An error is raised deep inside the package, where no ``lang`` is at hand: it carries a
:class:`~renja_lib.text.Message`, written when it is shown, in the language of
:func:`~renja_lib.text.use_language` (which the command line sets from ``--lang`` and each notebook from its
``lang`` parameter). The scan below fails on an error or a problem built from a literal English text.
"""
from __future__ import annotations

import ast
import errno
from pathlib import Path

import pytest

from renja_lib.errors import EnvironmentFault, RenjaError, from_os_error
from renja_lib.text import Message, message_language, use_language

PACKAGE = Path(__file__).resolve().parent.parent / "renja_lib"

#: The constructors whose text reaches a user, and the arguments that are text (by position and by name).
TEXT_ARGUMENTS = {
    "RenjaError": ((0,), ("message",)),
    "EnvironmentFault": ((0,), ("message",)),
    "InternalError": ((0,), ("message",)),
    "NumberParseError": ((1, 2), ("expected", "hint")),
    "Problem": ((5,), ("message",)),
    "from_os_error": ((), ("doing",)),
}

#: The catalogue's own errors cannot come from the catalogue: a broken catalogue has to be able to say so.
EXEMPT = {PACKAGE / "text" / "catalogue.py"}


def _is_literal_text(node: ast.AST) -> bool:
    """A text written in the code: a non-empty string, an f-string, or a sum or %-format with one."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and node.value.strip() != ""
    if isinstance(node, ast.JoinedStr):
        return any(isinstance(v, ast.Constant) and str(v.value).strip() for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)):
        return _is_literal_text(node.left) or _is_literal_text(node.right)
    if isinstance(node, ast.IfExp):
        return _is_literal_text(node.body) or _is_literal_text(node.orelse)
    return False


def _literal_texts(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
        if name not in TEXT_ARGUMENTS:
            continue
        positions, names = TEXT_ARGUMENTS[name]
        args = [a for i, a in enumerate(node.args) if i in positions]
        args += [k.value for k in node.keywords if k.arg in names]
        found += [(node.lineno, name) for a in args if _is_literal_text(a)]
    return found


def test_no_error_or_problem_is_built_from_a_literal_text():
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path in EXEMPT:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        offenders += [f"{path.relative_to(PACKAGE.parent)}:{line}: {name}(...)" for line, name in _literal_texts(tree)]
    assert not offenders, "texts outside the catalogue (use Message(...)):\n" + "\n".join(offenders)


def test_the_scan_finds_literal_texts():
    tree = ast.parse('RenjaError(f"bad {x}", path=p)\nRenjaError(Message("k"))\nerrors.RenjaError("a" + b)\n'
                     'Problem(f, 1, "T", "", raw, "row not read")\nProblem(f, 1, "T", "", raw, m)\n'
                     'from_os_error(e, doing="cannot write")\nNumberParseError(raw, "a number")\n')
    assert [line for line, _ in _literal_texts(tree)] == [1, 3, 4, 6, 7]


@pytest.fixture()
def language():
    before = message_language()
    yield use_language
    use_language(before)


def test_an_error_is_written_in_the_language_of_messages(language):
    err = RenjaError(Message("errors.lang", arg="--lang", allowed="'id', 'en'", got="'fr'"), path="r.txt", line=3)
    assert err.render("en") == "r.txt:3: --lang must be one of 'id', 'en'; got 'fr'"
    assert err.render("id") == "r.txt:3: --lang harus salah satu dari 'id', 'en'; diberikan 'fr'"
    language("id")
    assert str(err) == err.render("id")
    language("en")
    assert str(err) == err.render("en")


def test_a_plain_text_error_is_kept_as_it_is(language):
    language("id")
    assert str(RenjaError("what another library said", path="a.csv")) == "a.csv: what another library said"


@pytest.mark.parametrize("lang, words", [("id", "disk penuh"), ("en", "the disk is full")])
def test_an_os_error_is_told_in_the_language(language, lang, words):
    err = from_os_error(OSError(errno.ENOSPC, "x", "out/a.csv"), doing=Message("errors.os.enospc"))
    assert isinstance(err, EnvironmentFault)
    language(lang)
    assert str(err).startswith("out/a.csv: ") and str(err).endswith(words)


def test_a_wrong_language_for_messages_is_refused(language):
    with pytest.raises(RenjaError, match="must be one of"):
        language("fr")
    assert message_language() in ("id", "en")


def test_an_error_carrying_a_message_survives_pickling(language):
    import pickle

    err = RenjaError(Message("errors.os.doing", doing=Message("errors.os.enospc"), reason="x"), path="a", line=2)
    back = pickle.loads(pickle.dumps(err))
    assert type(back) is RenjaError and (back.path, back.line) == ("a", 2)
    assert back.detail == err.detail and back.render("id") == err.render("id") == "a:2: disk penuh: x"
