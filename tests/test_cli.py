"""``renja extract``: the files it writes, and atomic writes."""
from pathlib import Path

import pandas as pd
import pytest

from renja_lib import RenjaError, load
from renja_lib.cli import main
from renja_lib.read.locator import LOCATOR_COLUMNS
from renja_lib.write.outputs import write_extraction

EXPECTED = {
    "plan_budget.csv", "plan_targets.csv", "evaluation.csv", "service_indicators.csv", "rkpd_review.csv",
    "proposals.csv", "extraction_log.csv", "problems.csv", "tables.xlsx", "stated_totals.csv", "codes.csv",
    ".renja-outputs.json",  # the manifest: which files renja wrote (and may replace)
}


def test_extract_writes_every_table(tmp_path, capsys):
    assert main(["extract", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert {p.name for p in tmp_path.iterdir()} == EXPECTED
    assert "0 problems" in out and "evaluation.csv" in out
    budget = pd.read_csv(tmp_path / "plan_budget.csv", dtype={"code": str})
    assert budget.query("level == 'program' and year == 2023")["budget"].sum() == 5_168_369_010
    for name in EXPECTED - {"tables.xlsx", ".renja-outputs.json"}:  # every CSV says where each row comes from
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
