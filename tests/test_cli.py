"""``renja extract``: the files it writes, atomic writes, and what it prints (in its ``--lang``)."""
from pathlib import Path

import pandas as pd
import pytest

from renja_lib import RenjaError, load
from renja_lib.cli import main
from renja_lib.read.locator import LOCATOR_COLUMNS
from renja_lib.text.catalogue import tr
from renja_lib.write.outputs import write_extraction

EXPECTED = {
    "plan_budget.csv", "plan_targets.csv", "evaluation.csv", "service_indicators.csv", "rkpd_review.csv",
    "proposals.csv", "extraction_log.csv", "problems.csv", "tables.xlsx", "stated_totals.csv", "codes.csv",
    "document.txt",  # the document's text as read (a PDF's or .docx's rendering), to check quotes and locators
    ".renja-outputs.json",  # the manifest: which files renja wrote (and may replace)
}


def test_extract_writes_every_table(tmp_path, capsys):
    assert main(["extract", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert {p.name for p in tmp_path.iterdir()} == EXPECTED
    assert "0 masalah: setiap baris dari setiap tabel terbaca" in out and "evaluation.csv" in out  # Indonesian
    budget = pd.read_csv(tmp_path / "plan_budget.csv", dtype={"code": str})
    assert budget.query("level == 'program' and year == 2023")["budget"].sum() == 5_168_369_010
    for name in EXPECTED - {"tables.xlsx", ".renja-outputs.json", "document.txt"}:  # every CSV says where each row comes from
        header = pd.read_csv(tmp_path / name, nrows=0).columns.tolist()
        assert header[-len(LOCATOR_COLUMNS):] == LOCATOR_COLUMNS, name
    sheets = pd.read_excel(tmp_path / "tables.xlsx", sheet_name=None)
    assert {"plan_budget", "plan_targets", "evaluation", "service_indicators", "rkpd_review", "proposals"} <= set(sheets)
    assert len(sheets["evaluation"]) == 1200


def test_csv_round_trip_keeps_every_value(tmp_path, doc):
    write_extraction(doc, tmp_path)
    back = pd.read_csv(tmp_path / "plan_targets.csv", dtype={"code": str, "raw": str})
    assert len(back) == len(doc.plan_targets)
    assert back["target"].equals(doc.plan_targets["target"].reset_index(drop=True))


def test_failed_run_keeps_previous_outputs(tmp_path, doc):
    write_extraction(doc, tmp_path)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}

    def explode(stage: Path):
        raise OSError("disk full (simulated)")

    with pytest.raises(RenjaError, match="previous outputs are left as they were"):
        write_extraction(doc, tmp_path, before_commit=explode)
    after = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    assert after == before  # nothing half-written, no staging folder left behind


def test_bad_input_leaves_previous_outputs(tmp_path, capsys):
    assert main(["extract", "--out", str(tmp_path)]) == 0
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    assert main(["extract", str(tmp_path / "missing.txt"), "--out", str(tmp_path)]) == 2
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_default_out_is_data_processed():
    from renja_lib.cli.commands import build_parser
    from renja_lib.config import PROCESSED_DIR

    args = build_parser().parse_args(["extract"])
    assert args.out is None and PROCESSED_DIR.name == "processed" and PROCESSED_DIR.parent.name == "data"


def test_stale_table_outputs_are_removed(tmp_path, doc_copy, raw_text):
    assert main(["extract", "--out", str(tmp_path)]) == 0
    # a document without Tabel 2.4: its old CSV must not linger beside the new outputs
    lines = raw_text.split("\n")
    start = lines.index("Tabel 2.4")
    end = lines.index("BAB III")
    path = doc_copy(text="\n".join(lines[:start] + lines[end:]))
    assert main(["extract", str(path), "--out", str(tmp_path)]) == 0
    assert not (tmp_path / "proposals.csv").exists()
    assert "proposals" not in load(path).tables


def test_extract_prints_in_its_language_with_plurals(tmp_path, capsys, doc_copy, replace_line):
    """Indonesian by default, English with --lang en; English lines agree with their count (1 problem, 3 problems)."""
    assert main(["extract", "--out", str(tmp_path / "id")]) == 0
    out = capsys.readouterr().out
    assert ": 5 tabel ditemukan\n" in out and "  Tabel 2.1  baris 416-634  evaluasi Renja dan capaian Renstra\n" in out
    assert "  proposals.csv               12 baris\n" in out and f"12 berkas ditulis ke {tmp_path / 'id'}\n" in out
    assert main(["extract", "--out", str(tmp_path / "en"), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert ": 5 tables found\n" in out and "  Tabel 2.1  lines 416-634  Renja evaluation and Renstra achievement\n" in out
    assert "  proposals.csv               12 rows\n" in out and f"wrote 12 files to {tmp_path / 'en'}\n" in out
    assert out.endswith("0 problems: every line of every table accounted for\n")

    one = doc_copy(lambda t: replace_line(t, 965, "3.456.509.470", "3.456.5O9.470"), name="one.txt")
    three = doc_copy(lambda t: replace_line(replace_line(replace_line(
        t, 965, "3.456.509.470", "3.456.5O9.470"), 965, "2.907.722.487", "2.907.7Z2.487"),
        966, "28.896.900", "28.8O6.900"), name="three.txt")
    printed = {}
    for path in (one, three):
        for lang in ("id", "en"):
            code = main(["extract", str(path), "--out", str(tmp_path / f"{path.stem}_{lang}"), "--lang", lang,
                         "--strict"])
            printed[path.stem, lang] = (code, capsys.readouterr().err)
    assert printed["one", "en"][1].startswith("1 problem:\n") and printed["one", "id"][1].startswith("1 masalah:\n")
    assert printed["three", "en"][1].startswith("3 problems:\n")
    assert printed["three", "id"][1].startswith("3 masalah:\n")
    assert printed["one", "en"][1].endswith("--strict: exiting with status 1 because of the problem above\n")
    assert printed["three", "en"][1].endswith("--strict: exiting with status 1 because of the problems above\n")
    assert printed["three", "id"][1].endswith("--strict: keluar dengan status 1 karena ada masalah di atas\n")
    assert {code for code, _ in printed.values()} == {1}
    # the problem's place in the language asked for
    assert "Table 4.1 row 1 [" in printed["one", "en"][1] and "Tabel 4.1 baris 1 [" in printed["one", "id"][1]


def test_plural_lines_of_the_catalogue():
    assert [tr("cli.problems", "en", n=n) for n in (0, 1, 3)] == ["0 problems:", "1 problem:", "3 problems:"]
    assert [tr("cli.problems", "id", n=n) for n in (1, 3)] == ["1 masalah:", "3 masalah:"]
    assert tr("cli.extract.rows", "en", name="proposals.csv", n=1) == "  proposals.csv                1 row"
    assert tr("cli.audit.strict", "en", n=1).endswith("because of the 1 error above")
    assert tr("cli.audit.strict", "en", n=2).endswith("because of the 2 errors above")
    assert tr("cli.audit.strict", "id", n=2) == "--strict: keluar dengan status 1 karena ada 2 kesalahan di atas"
    assert tr("cli.audit.tolerance", "en", count=1.0, tolerance=1.0) == "tolerance for ratios: 1 percentage point"
    assert tr("cli.audit.tolerance", "en", count=0.5, tolerance=0.5) == "tolerance for ratios: 0.5 percentage points"
    assert tr("cli.audit.tolerance", "id", count=2.5, tolerance=2.5) == "toleransi rasio: 2,5 persen poin"


def test_report_summary_in_its_language(monkeypatch, tmp_path, capsys):
    """``renja report`` says what was done in its --lang (Indonesian by default), counts agreeing with their words."""
    from types import SimpleNamespace

    from renja_lib.run import runner

    def fake_run_report(runs, out, **kw):
        ok = SimpleNamespace(status="ok", seconds=2.25, slug="renja", notebook="01_overview", failing_cell=None,
                             error=None)
        failed = SimpleNamespace(status="failed", seconds=1.0, slug="renja", notebook="02_labour_indicators",
                                 failing_cell=3, error="NameError: x")
        return runner.ReportResults([ok, failed], {})

    from renja_lib.check.audit import audit
    from renja_lib.config import DEFAULT_SOURCE
    from renja_lib.run.plan import ReportRun

    monkeypatch.setattr(runner, "plan_runs", lambda *a, **kw: [ReportRun("renja", DEFAULT_SOURCE, {}, ())])
    monkeypatch.setattr(runner, "run_report", fake_run_report)
    printed = {}
    for lang in (None, "en"):
        argv = ["report", "--out", str(tmp_path), "--quiet"] + (["--lang", lang] if lang else [])
        assert main(argv) == 1
        printed[lang] = capsys.readouterr()
    index = tmp_path / "index.html"
    # the errors the audit finds in the document, counted from the audit (issue 15, misleading headline 7)
    errors = int((audit(load(DEFAULT_SOURCE))["severity"] == "error").sum())
    assert errors == 10
    assert printed[None].out == \
        f"1 dari 2 notebook selesai dalam 1 laporan; indeks: {index} (3,3 detik waktu notebook)\n" \
        f"renja: audit dokumen menemukan {errors} kesalahan (dua angka yang seharusnya sama berbeda); " \
        "lihat halaman audit\n"
    assert printed[None].err == \
        "1 notebook tidak selesai:\n  renja/02_labour_indicators: gagal pada sel kode 3: NameError: x\n"
    assert printed["en"].out == f"1 of 2 notebooks done in 1 report; index: {index} (3.3 s of notebook time)\n" \
        f"renja: the document audit found {errors} errors (two figures that must be equal differ); " \
        "see the audit page\n"
    assert printed["en"].err == \
        "1 notebook not done:\n  renja/02_labour_indicators: failed at code cell 3: NameError: x\n"


def test_report_audit_lines_count_from_the_audit_with_the_runs_tolerance(tmp_path, monkeypatch):
    """One line per report run: its errors, none, or a document that cannot be read; the tolerance is the run's,
    and a document audited once per tolerance."""
    from renja_lib.check import audit as audit_module
    from renja_lib.cli.report_command import audit_lines
    from renja_lib.config import DEFAULT_SOURCE
    from renja_lib.run.plan import ReportRun

    missing = tmp_path / "tidak_ada.txt"
    runs = [ReportRun("a", DEFAULT_SOURCE, {"tolerance": 1.0}, ()), ReportRun("b", missing, {}, ())]
    lines = audit_lines(runs, "en")
    assert lines[0] == "a: the document audit found 10 errors (two figures that must be equal differ); " \
                       "see the audit page"
    assert lines[1].startswith("b: the document audit could not run: ") and "tidak_ada.txt" in lines[1]
    assert audit_lines(runs[1:], "id")[0].startswith("b: audit dokumen tidak dapat dijalankan: ")
    seen = []
    real = audit_module.audit

    def counting(doc, tolerance=1.0, **kw):
        seen.append(tolerance)
        found = real(doc, tolerance=tolerance, **kw)
        return found[found["severity"] != "error"]
    monkeypatch.setattr(audit_module, "audit", counting)
    runs = [ReportRun(slug, DEFAULT_SOURCE, {"tolerance": t}, ()) for slug, t in (("x", 5.0), ("y", 5.0), ("z", 0.5))]
    assert audit_lines(runs, "id") == [f"{slug}: audit dokumen tidak menemukan kesalahan" for slug in "xyz"]
    assert seen == [5.0, 0.5]
