"""The help pages of ``renja`` and argparse's own words (``usage:``, section titles, usage errors) in the language
of ``--lang``: Indonesian by default, English on request, each text from the catalogue (``cli.help.*``,
``cli.argparse.*``); see :mod:`renja_lib.cli.arguments`."""
from __future__ import annotations

import re

import pytest

from renja_lib.cli import arguments
from renja_lib.cli.arguments import language_of, usage_message
from renja_lib.cli.commands import main

# the fixtures and the stray-word finder of the bracketed-catalogue test (a test at the end of this file)
from test_pseudo_language import OPEN, _stray_words, bracketed, doc_path, document_words  # noqa: F401

COMMANDS = ["extract", "audit", "facts", "report"]

#: What argparse writes in English itself; none of it may show on an Indonesian page.
ARGPARSE_ENGLISH = ("usage:", "positional arguments", "options:", "show this help message", "error: argument",
                    "invalid choice", "expected one argument", "unrecognized arguments", "(default:")


@pytest.fixture(autouse=True)
def _columns(monkeypatch):
    """argparse wraps its pages at the terminal's width: the same width for every run of these tests."""
    monkeypatch.setenv("COLUMNS", "100")


def helped(capsys, argv: list[str]) -> str:
    """The help page ``argv`` prints: exit status 0, nothing on stderr."""
    assert main(argv) == 0
    out, err = capsys.readouterr()
    assert err == "" and out.strip()
    return out


def failed(capsys, argv: list[str], lang: str) -> str:
    """The one error line of a usage error: the usage first (in ``lang``), then that line; exit status 2."""
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert out == "" and "Traceback" not in err
    lines = err.splitlines()
    usage = {"id": "penggunaan: renja", "en": "usage: renja"}[lang]
    assert lines[0].startswith(usage), err
    assert all(line.startswith(" ") for line in lines[1:-1]), err  # the usage, wrapped
    assert lines[-1].startswith("renja: error: ") and sum("renja: error:" in line for line in lines) == 1, err
    return lines[-1]


# ---------------------------------------------------------------- the language, found before parsing
@pytest.mark.parametrize("argv, lang", [
    ([], "id"),
    (["extract", "--help"], "id"),
    (["extract", "--lang", "en", "--help"], "en"),
    (["extract", "--help", "--lang", "en"], "en"),
    (["audit", "--lang=en"], "en"),
    (["audit", "--la", "en"], "en"),          # argparse accepts a prefix of --lang
    (["audit", "--lang", "fr"], "id"),        # not a language: the default
    (["audit", "--lang"], "id"),
    (["audit", "--lang", "en", "--lang", "fr"], "en"),  # the last valid one
    (["audit", "--", "--lang", "en"], "id"),  # after --: a value, not an option
    (["report", "--lang", "id", "--lang=en"], "en"),
    (["report", "--lines", "en"], "id"),
])
def test_the_language_is_found_before_the_arguments_are_parsed(argv, lang):
    assert language_of(argv) == lang


# ---------------------------------------------------------------- the help pages
ENGLISH_MAIN_HELP = """\
usage: renja [-h] {extract,audit,facts,report,bps,deck} ...

Read, check, chart and report on Renja documents.

positional arguments:
  {extract,audit,facts,report,bps,deck}
    extract             read every table of a document into CSV files and tables.xlsx
    audit               list every place where the document disagrees with itself (findings.csv)
    facts               write the narrative's figures read automatically as a draft facts file for
                        an analyst to review
    report              run the notebooks into offline HTML reports and slide-ready charts
    bps                 BPS data: fetch one variable from the BPS WebAPI (renja bps fetch)
    deck                make a document's .pptx slide deck from its report folder (or run its
                        report first)

options:
  -h, --help            show this help message and exit
"""


def test_renja_help_is_indonesian_by_default_and_english_on_request(capsys):
    page = helped(capsys, ["--help"])
    assert page.startswith("penggunaan: renja [-h] {extract,audit,facts,report,bps,deck} ...\n")
    assert "Membaca, memeriksa, membuat grafik, dan melaporkan isi dokumen Renja." in page
    assert "\nperintah:\n" in page and "\nopsi:\n" in page
    assert re.search(r"\n  -h, --help +tampilkan bantuan ini lalu keluar\n", page)
    assert re.search(r"\n    extract +membaca setiap tabel dokumen ke berkas CSV dan tables.xlsx\n", page)
    assert "renja --help --lang en" in page  # the way to the English page, for a reader of English
    assert not [w for w in ARGPARSE_ENGLISH if w in page]
    assert helped(capsys, ["-h"]) == page
    assert helped(capsys, ["--help", "--lang", "en"]) == ENGLISH_MAIN_HELP  # as it was before the catalogue


@pytest.mark.parametrize("command", COMMANDS)
def test_a_command_help_is_indonesian_by_default_and_english_on_request(capsys, command):
    page = helped(capsys, [command, "--help"])
    assert page.startswith(f"penggunaan: renja {command} [-h] ")
    assert "\nargumen posisional:\n" in page and "\nopsi:\n" in page
    assert re.search(r"\n  -h, --help +tampilkan bantuan ini lalu keluar\n", page)
    assert "(bawaan: " in page and "--lang {id,en}" in page
    assert not [w for w in ARGPARSE_ENGLISH if w in page]
    assert helped(capsys, [command, "--lang", "id", "--help"]) == page

    english = helped(capsys, [command, "--lang", "en", "--help"])
    assert english.startswith(f"usage: renja {command} [-h] ")
    assert "\npositional arguments:\n" in english and "\noptions:\n" in english
    assert re.search(r"\n  -h, --help +show this help message and exit\n", english)
    assert "penggunaan" not in english and "bawaan" not in english and "opsi" not in english
    assert helped(capsys, [command, "-h", "--lang=en"]) == english


def test_the_options_are_explained_in_both_languages(capsys):
    page = " ".join(helped(capsys, ["report", "--help"]).split())  # lines unwrapped
    assert "--timeout SECONDS hentikan notebook yang berjalan lebih lama dari ini, dalam detik" in page
    assert "pecahan ditulis dengan titik, mis. 1.5" in page
    assert "--quiet tanpa bilah kemajuan" in page
    page = " ".join(helped(capsys, ["report", "--help", "--lang", "en"]).split())
    assert "--timeout SECONDS stop a notebook that runs longer than this (a finite positive number; fractions " \
           "allowed)" in page
    page = " ".join(helped(capsys, ["audit", "--help"]).split())
    assert "--tolerance PP selisih terbesar yang dibolehkan" in page and "dalam persen poin (bawaan: 1)" in page


# ---------------------------------------------------------------- argparse's errors
def _in_english(argv: list[str]) -> list[str]:
    """``argv`` with ``--lang en``: after the command when there is one (the command's own option), else at the end
    (``renja`` alone takes no --lang: the language is still found in the command line)."""
    if argv and argv[0] in COMMANDS:
        return [argv[0], "--lang", "en", *argv[1:]]
    return [*argv, "--lang=en"]


USAGE_ERRORS = {
    "invalid choice": (
        ["extract", "--lang", "fr"],
        "argumen --lang: pilihan tidak valid: 'fr' (pilih salah satu dari 'id', 'en')",
        "argument --lang: invalid choice: 'fr' (choose from 'id', 'en')"),
    "unknown command": (
        ["nope"],
        "perintah tidak dikenal: 'nope' (pilih salah satu dari 'extract', 'audit', 'facts', 'report', 'bps', 'deck')",
        "argument command: invalid choice: 'nope' (choose from 'extract', 'audit', 'facts', 'report', 'bps', 'deck')"),
    "no command": (
        [],
        "perintah belum disebutkan (lihat renja --help)",
        "the following arguments are required: command"),
    "expected one argument": (
        ["extract", "--out"],
        "argumen --out: perlu satu nilai sesudahnya",
        "argument --out: expected one argument"),
    "invalid int": (
        ["report", "--jobs", "dua"],
        "argumen --jobs: diharapkan bilangan bulat; ditemukan 'dua'",
        "argument --jobs: invalid int value: 'dua'"),
    "invalid float": (
        ["report", "--timeout", "lama"],
        "argumen --timeout: diharapkan bilangan; ditemukan 'lama'",
        "argument --timeout: invalid float value: 'lama'"),
    "decimal comma": (
        ["report", "--timeout", "1,5"],
        "argumen --timeout: diharapkan bilangan dengan titik sebagai pemisah desimal; ditemukan '1,5' (tulis 1.5)",
        "argument --timeout: invalid float value: '1,5' (write 1.5: the decimal separator is a point)"),
    "unrecognized arguments": (
        ["extract", "a.txt", "b.txt", "--colour"],
        "argumen tidak dikenal: b.txt --colour",
        "unrecognized arguments: b.txt --colour"),
    "ambiguous option": (
        ["report", "--p", "x"],
        "opsi --p ambigu, bisa berarti --param, --params-file",
        "ambiguous option: --p could match --param, --params-file"),
    "a value for a switch": (
        ["audit", "--strict=ya"],
        "argumen --strict: tidak menerima nilai; ditemukan 'ya'",
        "argument --strict: ignored explicit argument 'ya'"),
}


@pytest.mark.parametrize("kind", USAGE_ERRORS)
def test_a_usage_error_is_one_line_after_the_usage_in_the_language_asked_for(capsys, kind):
    argv, indonesian, english = USAGE_ERRORS[kind]
    assert failed(capsys, argv, "id") == f"renja: error: {indonesian}"
    assert failed(capsys, _in_english(argv), "en") == f"renja: error: {english}"


def test_a_usage_error_under_a_command_shows_that_command_usage(capsys):
    assert main(["report", "--jobs", "x"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("penggunaan: renja report [-h] [--notebook NAME]")


def test_the_values_a_user_typed_are_shown_not_acted_on(capsys):
    line = failed(capsys, ["extract", "--lang", "\x1b[31mmerah"], "id")
    assert "\x1b" not in line and "'\\x1b[31mmerah'" in line


@pytest.mark.parametrize("message, indonesian, english", [
    # messages argparse writes that renja's parsers do not provoke today (no required option, no nargs="+")
    ("the following arguments are required: --out, SOURCE", "argumen berikut wajib diisi: --out, SOURCE",
     "the following arguments are required: --out, SOURCE"),
    ("argument SOURCE: expected at least one argument", "argumen SOURCE: perlu paling sedikit satu nilai sesudahnya",
     "argument SOURCE: expected at least one argument"),
    ("argument -x/--ex: expected at most one argument", "argumen -x/--ex: perlu paling banyak satu nilai sesudahnya",
     "argument -x/--ex: expected at most one argument"),
    ("argument --jobs: invalid float value: '1,5,0'", "argumen --jobs: diharapkan bilangan; ditemukan '1,5,0'",
     "argument --jobs: invalid float value: '1,5,0'"),
    # a message renja does not know (a newer Python's): argparse's words, said to be argparse's
    ("one of the arguments --a --b is required", "kata argparse: one of the arguments --a --b is required",
     "one of the arguments --a --b is required"),
    ("argument --out: not allowed with argument --x", "kata argparse: argument --out: not allowed with argument --x",
     "argument --out: not allowed with argument --x"),
])
def test_argparse_messages_are_recognised_by_their_pattern(message, indonesian, english):
    assert usage_message(message).render("id") == indonesian
    assert usage_message(message).render("en") == english


def test_no_private_argparse_attribute_is_used():
    """The help and the errors are translated with argparse's public API (no ``parser._positionals``, no
    ``argparse._`` patched), so a new Python does not break them silently."""
    from pathlib import Path

    for module in ("arguments", "commands", "report_command"):
        source = Path(arguments.__file__).with_name(f"{module}.py").read_text(encoding="utf-8")
        assert not re.search(r"\b(?:parser|p|sub|argparse|self)\._[a-z]", source), module


# ---------------------------------------------------------------- every word from the catalogue (keep this test last:
# the bracketed catalogue is a module fixture, in force until the end of this file)
#: What a help page or a usage error quotes rather than says, taken out before looking for stray words:
#: option names (--out, -h), metavars (DIR, N, FILE.yml ...) and the choices argparse lists ({id,en}), the names
#: of the commands (extract, audit, facts, report: the words a user types) and of the positional ``source``. The values
#: the user typed are quoted by argparse ('fr') and so skipped by the finder itself; b.txt is a file name.
QUOTED = [
    re.compile(r"(?<![\w-])-{1,2}[A-Za-z][\w-]*"),
    re.compile(r"(?<![\w.=])(?:FILE\.yml|FILE\.pptx|KEY=VALUE|SECONDS|SOURCE|NAME|FILE|DIR|OUT|LIST|PP|N)(?![\w.=])"),
    re.compile(r"\{[\w,]+\}"),
    re.compile(r"renja (?:extract|audit|facts|report|bps|deck)\b|^ +(?:extract|audit|facts|report|bps|deck|source)\b|"
               r"\[source\]", re.M),
]


def test_the_help_pages_and_usage_errors_come_from_the_catalogue(bracketed, document_words, capsys):  # noqa: F811
    pages = [helped(capsys, argv) for argv in (["--help"], *([c, "--help"] for c in COMMANDS))]
    for argv, _, _ in USAGE_ERRORS.values():
        assert main(argv) == 2
        pages.append(capsys.readouterr().err)
    texts = []
    for page in pages:  # each page whole: argparse wraps the lines inside a bracketed text
        assert OPEN in page
        for pattern in QUOTED:
            page = pattern.sub(" ", page)
        texts.append(page.replace("renja: error:", " "))  # the prefix, the same in every language (its text is
        # the catalogue's cli.error, bracketed; taken out in case it is not)
    assert sum(t.count(OPEN) for t in texts) >= 40
    stray = _stray_words(texts, document_words)
    assert not stray, f"{len(stray)} words outside the catalogue, e.g. {stray[:12]}"
