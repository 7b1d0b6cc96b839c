"""The one boundary: every failure leaves `renja` as one line and an exit status that tells its kind."""
import errno
import re

import pytest

from renja_lib.cli import commands
from renja_lib.errors import (EXIT_BAD_INPUT, EXIT_ENVIRONMENT, EXIT_INTERNAL, EnvironmentFault, InternalError,
                              RenjaError, from_os_error)
from renja_lib.text.catalogue import Message, tr


def _run_with(monkeypatch, capsys, exc, *argv):
    """Run `renja extract` with its work replaced by one that raises ``exc``."""
    def boom(args):
        raise exc

    monkeypatch.setattr(commands, "cmd_extract", boom)
    code = commands.main(["extract", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def _one_line(err: str) -> str:
    assert err.count("\n") == 1, err
    assert "Traceback" not in err
    return err.strip()


@pytest.mark.parametrize("exc, code, words", [
    (RenjaError("expected a table, found prose", path="renja.txt", line=12), EXIT_BAD_INPUT,
     "renja.txt:12: expected a table"),
    (EnvironmentFault("a lock is held by another run", path="reports"), EXIT_ENVIRONMENT, "reports: a lock is held"),
    (OSError(errno.ENOSPC, "No space left on device", "out/tables.xlsx"), EXIT_ENVIRONMENT,
     "out/tables.xlsx: disk penuh"),  # the reason in the command's --lang (id)
    (PermissionError(errno.EACCES, "Permission denied", "/root/renja.txt"), EXIT_ENVIRONMENT,
     "/root/renja.txt: izin ditolak"),
    (OSError(errno.ENAMETOOLONG, "File name too long", "x" * 300), EXIT_BAD_INPUT, "nama berkas terlalu panjang"),
    (MemoryError(), EXIT_ENVIRONMENT, "memori tidak cukup"),  # the frame's words in the command's --lang (id)
])
def test_each_kind_of_failure_is_one_line_with_its_exit_status(monkeypatch, capsys, exc, code, words):
    got, out, err = _run_with(monkeypatch, capsys, exc)
    assert got == code
    line = _one_line(err)
    assert line.startswith("renja: error: ") and words in line


def test_a_bug_is_one_line_that_says_so_and_how_to_see_more(monkeypatch, capsys):
    monkeypatch.delenv(commands.DEBUG_ENV, raising=False)
    code, out, err = _run_with(monkeypatch, capsys, KeyError("plan_budget"))
    assert code == EXIT_INTERNAL == 70
    line = _one_line(err)
    assert line.startswith("renja: internal error (KeyError: 'plan_budget'); ini bug di renja.")
    assert "--debug" in line and commands.DEBUG_ENV in line
    code, out, err = _run_with(monkeypatch, capsys, KeyError("plan_budget"), "--lang", "en")
    line = _one_line(err)
    assert "internal error" in line and "this is a bug in renja" in line and "KeyError" in line
    assert "--debug" in line and commands.DEBUG_ENV in line


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_frame_words_are_in_the_language_of_the_command(monkeypatch, capsys, lang):
    """Out of memory, an interruption: the command's own words in its --lang; the prefix stays ``renja: error:``."""
    code, out, err = _run_with(monkeypatch, capsys, MemoryError(), "--lang", lang)
    assert code == EXIT_ENVIRONMENT and _one_line(err) == tr("cli.error.out_of_memory", lang)
    assert err.startswith("renja: error: ") and ("out of memory" in err) == (lang == "en")
    code, out, err = _run_with(monkeypatch, capsys, KeyboardInterrupt(), "--lang", lang)
    assert code == 130 and _one_line(err) == tr("cli.interrupted", lang)
    assert ("previous outputs left as they were" in err) == (lang == "en")
    code, out, err = _run_with(monkeypatch, capsys, RenjaError("expected a table, found prose", path="r.txt"),
                               "--lang", lang)
    assert _one_line(err) == "renja: error: r.txt: expected a table, found prose"  # the package's message as it is


@pytest.mark.parametrize("lang, words", [("id", "disk penuh"), ("en", "the disk is full")])
def test_the_package_s_messages_are_in_the_language_of_the_command(monkeypatch, capsys, lang, words):
    """The error's own words follow --lang too (the package's messages come from the catalogue)."""
    code, out, err = _run_with(monkeypatch, capsys, OSError(errno.ENOSPC, "No space left", "out/a.csv"),
                               "--lang", lang)
    assert code == EXIT_ENVIRONMENT and _one_line(err) == f"renja: error: out/a.csv: {words}"
    code, out, err = _run_with(monkeypatch, capsys, RenjaError(Message("errors.os.eacces"), path="x"), "--lang", lang)
    assert _one_line(err) == "renja: error: x: " + tr("errors.os.eacces", lang)


@pytest.mark.parametrize("how", ["flag", "env"])
def test_debug_shows_the_traceback_of_a_bug(monkeypatch, capsys, how):
    argv = []
    if how == "flag":
        argv = ["--debug"]
    else:
        monkeypatch.setenv(commands.DEBUG_ENV, "1")
    with pytest.raises(KeyError):
        _run_with(monkeypatch, capsys, KeyError("plan_budget"), *argv)


def test_a_message_with_a_line_break_stays_one_line(monkeypatch, capsys):
    code, out, err = _run_with(monkeypatch, capsys, RenjaError("first\nsecond", path="a.txt"))
    assert code == EXIT_BAD_INPUT and _one_line(err).endswith("first second")


def test_usage_errors_exit_2_without_a_traceback(capsys):
    assert commands.main(["extract", "--no-such-flag"]) == EXIT_BAD_INPUT
    assert "Traceback" not in capsys.readouterr().err
    assert commands.main(["no-such-command"]) == EXIT_BAD_INPUT


@pytest.mark.parametrize("code, cls, words", [
    (errno.ENOSPC, EnvironmentFault, "the disk is full"),
    (errno.EDQUOT, EnvironmentFault, "quota"),
    (errno.EACCES, EnvironmentFault, "permission denied"),
    (errno.EROFS, EnvironmentFault, "read-only"),
    (errno.ENOENT, RenjaError, "not found"),
    (errno.ENOTDIR, RenjaError, "is a file, not a folder"),
    (errno.ENAMETOOLONG, RenjaError, "too long"),
])
def test_os_errors_are_told_apart(code, cls, words):
    err = from_os_error(OSError(code, "x", "some/file"), doing="cannot write the report")
    assert type(err) is cls
    assert str(err) == f"some/file: cannot write the report: {err.detail.fields['reason'].render('en')}"
    assert words in str(err)
    assert err.exit_code == (EXIT_ENVIRONMENT if cls is EnvironmentFault else EXIT_BAD_INPUT)


def test_the_path_given_wins_over_the_one_the_os_error_names():
    err = from_os_error(OSError(errno.ENOSPC, "x", "/tmp/.staging-1/a.csv"), path="data/processed")
    assert err.path == "data/processed" and "staging" not in str(err)


def test_every_error_kind_is_a_renja_error():
    assert issubclass(EnvironmentFault, RenjaError) and issubclass(InternalError, RenjaError)
    assert InternalError("x").exit_code == EXIT_INTERNAL


def test_an_internal_error_from_the_library_says_bug_and_shows_its_cause_under_debug(monkeypatch, capsys):
    monkeypatch.delenv(commands.DEBUG_ENV, raising=False)
    try:
        raise ZeroDivisionError("division by zero")
    except ZeroDivisionError as cause:
        wrapped = InternalError("unexpected ZeroDivisionError while reading", path="renja.txt")
        wrapped.__cause__ = cause
    code, out, err = _run_with(monkeypatch, capsys, wrapped)
    assert code == EXIT_INTERNAL
    line = _one_line(err)
    assert "internal error" in line and "renja.txt" in line and "bug" in line and "--debug" in line
    with pytest.raises(InternalError) as raised:
        _run_with(monkeypatch, capsys, wrapped, "--debug")
    assert isinstance(raised.value.__cause__, ZeroDivisionError)


# ---------------------------------------------------------------- document text on the terminal

ATTACK = "Program \x1b[31mMERAH\x1b[0m\x07\r\u202eKota\x1b]0;pwned\x07"


def test_printable_shows_every_control_and_invisible_character():
    from renja_lib.cli.terminal import printable

    shown = printable(ATTACK + "\t\n\x85\u2028\ufeff\x00")
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e\u2028\ufeff]", shown)
    assert shown.startswith("Program \\x1b[31mMERAH") and "\\x0d\\u202eKota" in shown
    assert "\t\n" in shown  # tabs and line feeds stay: listings keep their shape


def test_terminal_escapes_in_a_document_never_reach_the_terminal(tmp_path, capsys, raw_text, replace_line):
    """Names with escape sequences are printed by extract (problems), audit (findings) and errors: shown, not acted."""
    text = raw_text.replace("Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota", ATTACK)
    text = replace_line(text, 965, "3.456.509.470", "3.456.509.47\x1b0")
    path = tmp_path / "renja.txt"
    path.write_text(text, encoding="utf-8")
    shown = {}
    for argv in (["extract", str(path), "--out", str(tmp_path / "o")], ["audit", str(path), "--out", str(tmp_path / "o")],
                 ["extract", str(tmp_path / "no\x1b[2Jsuch.txt")]):
        commands.main(argv)
        out, err = capsys.readouterr()
        assert "\x1b" not in out + err and "\x07" not in out + err and "\u202e" not in out + err, argv
        shown[argv[0]] = out + err
    assert "\\x1b[31mMERAH" in shown["audit"]  # the name is still there, its escape shown
