"""The error messages of ``renja report``, of its parameters and of the output folders, and the runner's failure
texts, in the language asked for: Indonesian by default (and with ``--lang id``), English with ``--lang en``."""
from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from renja_lib.cli import main
from renja_lib.config import DEFAULT_SOURCE
from renja_lib.errors import EnvironmentFault, RenjaError
from renja_lib.run import pages, runner
from renja_lib.run.parameters import REGISTRY, check_timeout, describe
from renja_lib.run.plan import NotebookResult, ReportRun
from renja_lib.text import Message
from renja_lib.write import outputs, workdirs

ROOT = Path(__file__).resolve().parent.parent


def error_line(capsys, argv: list[str]) -> str:
    """The one line ``renja`` writes for a command that fails on bad input (exit 2)."""
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("renja: error: ") and "Traceback" not in err, err
    return err.rstrip("\n")


def in_each_language(capsys, argv: list[str]) -> dict[str | None, str]:
    """The error line of ``argv`` without --lang, with --lang id and with --lang en."""
    lines = {lang: error_line(capsys, argv + (["--lang", lang] if lang else [])) for lang in (None, "id", "en")}
    assert lines[None] == lines["id"], "Indonesian is the default"
    return lines


# ---------------------------------------------------------------- the parameter file
def test_a_parameter_file_error_is_written_in_the_language_of_the_command(tmp_path, capsys):
    runs = tmp_path / "runs.yml"
    runs.write_text("- source: 2024\n", encoding="utf-8")
    lines = in_each_language(capsys, ["report", "--params-file", str(runs), "--out", str(tmp_path / "out")])
    assert lines["id"] == (f"renja: error: {runs}:1: run 1: source: diharapkan jalur dokumen Renja (teks), "
                           "ditemukan angka 2024 (beri tanda kutip: YAML membaca 01 sebagai angka 1 dan 2024 "
                           "sebagai angka, bukan sebagai teks)")
    assert lines["en"] == (f"renja: error: {runs}:1: run 1: source: expected the path of a Renja document (text), "
                           "found the number 2024 (put it in quotes: YAML reads 01 as the number 1 and 2024 as a "
                           "number, not as text)")


def test_a_broken_parameter_file_and_a_missing_one(tmp_path, capsys):
    runs = tmp_path / "runs.yml"
    runs.write_text("- source: &a x\n", encoding="utf-8")
    lines = in_each_language(capsys, ["report", "--params-file", str(runs), "--out", str(tmp_path / "out")])
    assert lines["id"].endswith(":1: anchor dan alias YAML (&name, *name, <<: *name) tidak diizinkan dalam berkas "
                                "parameter; tuliskan setiap nilai secara lengkap")
    assert lines["en"].endswith(":1: YAML anchors and aliases (&name, *name, <<: *name) are not allowed in a "
                                "parameter file; write each value out")
    lines = in_each_language(capsys, ["report", "--params-file", str(tmp_path / "nope.yml")])
    assert lines["id"] == f"renja: error: {tmp_path / 'nope.yml'}: berkas parameter tidak ditemukan"
    assert lines["en"] == f"renja: error: {tmp_path / 'nope.yml'}: parameter file not found"


# ---------------------------------------------------------------- parameters
def test_a_parameter_error_is_written_in_the_language_of_the_command(tmp_path, capsys):
    lines = in_each_language(capsys, ["report", "-p", "top=0", "--out", str(tmp_path / "out")])
    assert lines["id"] == ("renja: error: parameter top: diharapkan bilangan bulat dari 1 sampai 1000, diberikan '0' "
                           "(di luar rentang)")
    assert lines["en"] == "renja: error: parameter top: expected a whole number from 1 to 1000, got '0' (out of range)"


def test_a_parameter_of_a_run_names_the_run_and_its_line(tmp_path, capsys):
    runs = tmp_path / "runs.yml"
    runs.write_text("- parameters:\n    tolerance: banyak\n", encoding="utf-8")
    lines = in_each_language(capsys, ["report", "--params-file", str(runs), "--out", str(tmp_path / "out")])
    assert lines["id"].startswith(f"renja: error: {runs}:2: run 1: parameter tolerance: diharapkan angka dari 0 "
                                  "sampai 100 (desimal dengan titik: 2.5), diberikan 'banyak'")
    assert lines["en"].startswith(f"renja: error: {runs}:2: run 1: parameter tolerance: expected a number from 0 "
                                  "to 100 (decimals with a point: 2.5), got 'banyak'")


def test_parameter_words_in_both_languages():
    param = REGISTRY["planned_schedule"]
    with pytest.raises(RenjaError) as info:
        param.check({"Q1": "20"})
    assert info.value.render("id") == ('parameter planned_schedule: diharapkan objek JSON seperti {"Q1": 20, "Q2": '
                                       '45} (kunci berupa teks, nilai berupa angka dari 0 sampai 100), atau none, '
                                       "diberikan sebuah pemetaan (nilai 'Q1' berupa '20', bukan angka)")
    assert info.value.render("en") == ('parameter planned_schedule: expected a JSON object such as {"Q1": 20, "Q2": '
                                       '45} (text keys, numbers from 0 to 100), or none, got a mapping (the value '
                                       "of 'Q1' is '20', not a number)")
    assert REGISTRY["top"].expected("id") == "bilangan bulat dari 1 sampai 1000"
    assert describe(None).render("id") == "kosong (null)" and describe("01") == "'01'"
    with pytest.raises(RenjaError) as info:
        check_timeout("1,5")
    assert info.value.render("id") == ("--timeout harus berupa jumlah detik di atas 0 (desimal dengan titik); "
                                       "diberikan '1,5'")


# ---------------------------------------------------------------- the output folder
def test_an_output_folder_error_is_written_in_the_language_of_the_command(tmp_path, capsys):
    afile = tmp_path / "afile"
    afile.write_text("x")
    lines = in_each_language(capsys, ["report", "--out", str(afile)])
    assert lines["id"] == f"renja: error: {afile}: adalah berkas, bukan folder; berikan folder keluaran lain (--out)"
    assert lines["en"] == f"renja: error: {afile}: is a file, not a folder; give another output folder (--out)"
    lines = in_each_language(capsys, ["audit", "--tolerance", "banyak", "--out", str(tmp_path / "o")])
    assert lines["id"] == ("renja: error: --tolerance harus berupa angka poin persentase, 0 atau lebih (misalnya 1 "
                           "atau 0,5); diberikan 'banyak'")
    assert lines["en"].startswith("renja: error: --tolerance must be a number of percentage points")


def test_a_file_in_the_way_and_a_failed_write_in_both_languages(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "findings.csv").write_text("my own\n")
    with pytest.raises(RenjaError) as info:
        with outputs.staged_outputs(out, ("findings.csv",), command="audit"):
            pass
    assert info.value.render("id") == (f"{out / 'findings.csv'}: tidak ditulis oleh renja (isinya bukan yang ditulis "
                                       "renja di sana); renja audit akan menggantinya, jadi tidak menulis apa pun. "
                                       "Pindahkan atau ganti nama berkas ini, atau berikan folder keluaran lain "
                                       "(--out)")
    assert info.value.render("en").startswith(f"{out / 'findings.csv'}: was not written by renja (its content is "
                                              "not what renja writes there); renja audit would replace it")
    with pytest.raises(EnvironmentFault) as info:
        with outputs.staged_outputs(tmp_path / "other", ("x.csv",)):
            raise OSError(28, "No space left on device")
    assert info.value.render("id") == (f"{tmp_path / 'other'}: renja extract: keluarannya tidak dapat ditulis: disk "
                                       "penuh; keluaran sebelumnya dibiarkan seperti semula")
    assert info.value.render("en") == (f"{tmp_path / 'other'}: renja extract: cannot write its outputs: the disk is "
                                       "full; the previous outputs are left as they were")


def test_a_held_lock_names_who_holds_it(tmp_path, monkeypatch):
    import fcntl
    import os

    monkeypatch.setattr(workdirs, "LOCK_WAIT_SECONDS", 0.1)
    fd = os.open(tmp_path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        with pytest.raises(EnvironmentFault) as info:
            with workdirs.folder_lock(tmp_path):
                pass
    finally:
        os.close(fd)
    assert info.value.render("id").startswith(f"{tmp_path}: proses renja lain yang menulis ke folder ini sedang "
                                              "memegang kuncinya (sudah menunggu 0.1 s)")
    assert info.value.render("en").startswith(f"{tmp_path}: another renja run into this folder holds its lock "
                                              "(waited 0.1 s)")


# ---------------------------------------------------------------- the runner's failure texts
def _results(slug: str) -> list[NotebookResult]:
    return [NotebookResult(slug, "01_overview", "timeout", 5.0, None, Message("errors_run.runner.timeout", seconds=5)),
            NotebookResult(slug, "02_labour_indicators", "failed", 1.0, None, Message(
                "errors_run.runner.kernel_failed", error=Message("errors_run.runner.exception", type="RuntimeError",
                                                                 detail=Message("errors_run.kernels.reset_failed",
                                                                                error="boom")))),
            NotebookResult(slug, "03_budget_absorption", "failed", 1.0, 4, "NameError: name 'x' is not defined")]


def test_the_index_writes_the_runners_failure_texts_in_its_language(tmp_path):
    slug = "renja-demo"
    (tmp_path / slug).mkdir()
    run = ReportRun(slug, DEFAULT_SOURCE, {"lang": "id"}, ())
    pages.write_index(tmp_path, [run], _results(slug), "id")
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "dihentikan setelah batas waktu 5 s" in page
    assert "kernel gagal sebelum notebook dijalankan (RuntimeError: pengaturan ulang kernel gagal: boom)" in page
    assert "NameError: name &#x27;x&#x27; is not defined" in page  # the kernel's own words, as they are
    # index.json stays plain JSON: the text in the index's language, and in every language for a later run
    saved = json.loads((tmp_path / "index.json").read_text(encoding="utf-8"))["reports"][slug]["notebooks"]
    assert saved[0]["error"] == "dihentikan setelah batas waktu 5 s"
    assert saved[0]["error_texts"] == {"id": "dihentikan setelah batas waktu 5 s",
                                       "en": "stopped after the time limit of 5 s"}
    assert "error_texts" not in saved[2]
    # a later run that writes the index in English shows the earlier entries in English
    pages.write_index(tmp_path, [], [], "en")
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "stopped after the time limit of 5 s" in page and "batas waktu" not in page
    assert "the kernel failed before the notebook ran (RuntimeError: kernel reset failed: boom)" in page


def test_an_index_written_before_error_texts_is_still_read(tmp_path):
    slug = "old-report"
    (tmp_path / slug).mkdir()
    (tmp_path / "index.json").write_text(json.dumps({"reports": {slug: {"source": "x.txt", "params": {}, "notebooks": [
        {"notebook": "01_overview", "status": "timeout", "seconds": 1.0, "failing_cell": None,
         "error": "stopped after the time limit of 5 s", "params": {}}]}}}), encoding="utf-8")
    assert slug in pages.read_index(tmp_path)
    pages.write_index(tmp_path, [], [], "id")
    assert "stopped after the time limit of 5 s" in (tmp_path / "index.html").read_text(encoding="utf-8")
    # an entry whose texts are not text is not one this tool wrote
    data = json.loads((tmp_path / "index.json").read_text(encoding="utf-8"))
    data["reports"][slug]["notebooks"][0]["error_texts"] = {"id": 1}
    (tmp_path / "index.json").write_text(json.dumps(data), encoding="utf-8")
    assert pages.read_index(tmp_path) == {}


def test_a_failed_page_says_why_in_its_language():
    page = pages.HtmlWriter(with_code=False).page(nbformat.v4.new_notebook(), "01_overview", "en", _results("r")[0])
    assert "stopped after the time limit of 5 s" in page
    page = pages.HtmlWriter(with_code=False).page(nbformat.v4.new_notebook(), "01_overview", "id", _results("r")[0])
    assert "dihentikan setelah batas waktu 5 s" in page


def test_renja_report_prints_failures_and_faults_in_its_language(monkeypatch, tmp_path, capsys):
    def fake_run_report(runs, out, **kw):
        faults = {"a": EnvironmentFault(Message("errors.os.doing", reason=Message("errors.os.enospc"), doing=Message(
                      "errors_run.runner.doing.notebook_files", notebook="01_overview")), path=out / "a"),
                  "b": RenjaError(Message("errors_run.runner.kept", detail=Message("errors_run.folders.unsealed",
                                                                                    why="x")), path=out / "b")}
        return runner.ReportResults(_results("r"), faults)

    monkeypatch.setattr(runner, "plan_runs", lambda *a, **kw: [object()] * 3)
    monkeypatch.setattr(runner, "run_report", fake_run_report)
    printed = {}
    for lang in ("id", "en"):
        assert main(["report", "--out", str(tmp_path), "--quiet", "--lang", lang]) == 3  # the disk comes first
        printed[lang] = capsys.readouterr().err.splitlines()
    assert "  r/01_overview: melewati batas waktu: dihentikan setelah batas waktu 5 s" in printed["id"]
    assert "  r/01_overview: timeout: stopped after the time limit of 5 s" in printed["en"]
    assert printed["id"][-1] == (f"renja: error: {tmp_path / 'a'}: berkas notebook 01_overview tidak dapat ditulis, "
                                 "sehingga laporan sebelumnya dibiarkan seperti semula: disk penuh; "
                                 f"{tmp_path / 'b'}: run ini meninggalkan sesuatu yang bukan bagian sebuah laporan "
                                 "(x); laporan sebelumnya dibiarkan seperti semula")
    assert printed["en"][-1] == (f"renja: error: {tmp_path / 'a'}: the files of notebook 01_overview could not be "
                                 "written, so the previous report was left as it was: the disk is full; "
                                 f"{tmp_path / 'b'}: the run left something a report does not hold (x); the previous "
                                 "report was left as it was")


# ---------------------------------------------------------------- the notebooks
@pytest.mark.parametrize("path", sorted((ROOT / "notebooks").glob("0*.ipynb")), ids=lambda p: p.stem)
def test_each_notebook_writes_its_errors_in_its_language(path):
    nb = nbformat.read(path, as_version=4)
    tagged = next(i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", []))
    imports = next(c for c in nb.cells[tagged + 1:] if c.cell_type == "code")
    assert "renja_lib.text.use_language(lang)" in imports.source and "import renja_lib.text" in imports.source
    # not the last line: the notebook does not show the language it replaced
    assert not imports.source.rstrip().splitlines()[-1].startswith("renja_lib.text.use_language")
