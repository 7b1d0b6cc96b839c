"""The directions file beside a document (renja_lib.read.directions) and indicators whose direction is not known.

An indicator's direction is the caller's, else the analyst's ``<stem>.directions.csv`` (or a file named by
``directions_file=``), else ``data/indicators.csv``, else not known: the document's own formula, listed on the
performance page with how to set it.
"""
from __future__ import annotations

import pandas as pd
import pytest

from renja_lib import load
from renja_lib.analyse import performance
from renja_lib.analyse.labour import indicator_key
from renja_lib.errors import EXIT_BAD_INPUT, RenjaError
from renja_lib.present import performance_charts
from renja_lib.read.directions import directions_path_for, normalise_name, read_directions

#: Tabel 2.1 line 491 (Program Penempatan Tenaga Kerja): target 31,61, realised 53,81: 170,23% where more is better.
PLACED = "Persentase pencari kerja terdaftar yang telah ditempatkan"
PLACED_LINE = 491


@pytest.fixture()
def copy_with(doc_copy):
    """A copy of the bundled document with a directions file beside it (text, encoding), loaded."""

    def make(text: str | None, *, data: bytes | None = None):
        path = doc_copy()
        if text is not None or data is not None:
            directions_path_for(path).write_bytes(data if data is not None else text.encode("utf-8"))
        return load(path)

    return make


def _row(table: pd.DataFrame, line: int) -> pd.Series:
    return table.set_index("source_line").loc[line]


# ---------------------------------------------------------------- the file changes a direction
def test_the_file_beside_the_document_changes_the_direction_achievement_and_band(doc, copy_with):
    before = performance.achievement_table(doc)
    # written in other case and spacing than the document; the first row has no digit (read as data, not header)
    renja = copy_with("indicator,direction,note\n"
                      "  persentase PENCARI kerja terdaftar   yang telah ditempatkan,Lower_is_better,"
                      "ditinjau Bappeda\n")
    after = performance.achievement_table(renja)
    was, now = _row(before, PLACED_LINE), _row(after, PLACED_LINE)
    assert (was.direction, was.direction_source, was.band_key) == ("higher_is_better", performance.DOCUMENT_FORMULA,
                                                                   "very_high")
    target, realised = now.target, now.realised
    assert (now.direction, now.method) == ("lower_is_better", "two_minus")
    assert now.direction_source == "file (renja_copy.directions.csv:2)"
    assert now.achievement == pytest.approx((2 * target - realised) / target * 100)       # 29,77
    assert now.band_key == "very_low" and now.status == "differs"   # the document printed 170%
    # every other indicator is as before
    others = after[after.source_line != PLACED_LINE].reset_index(drop=True)
    pd.testing.assert_frame_equal(others, before[before.source_line != PLACED_LINE].reset_index(drop=True))
    # the roll-up, the Renstra progress and the efficiency view read the same file
    assert (performance.rollup(renja, scope="own").set_index("code").loc["2.07.04", "mean_achievement"]
            == pytest.approx(now.achievement))
    renstra = performance.renstra_progress(renja)
    assert renstra.loc[renstra.indicator == PLACED, "direction"].tolist() == ["lower_is_better"]
    # efficiency shows the one average of the page (every indicator of the programme and below), with the file's
    efficient = performance.efficiency(renja).frame.set_index("programme").loc["2.07.04", "achievement"]
    assert efficient == pytest.approx(performance.rollup(renja).set_index("code").loc["2.07.04", "mean_achievement"])
    assert efficient < performance.efficiency(doc).frame.set_index("programme").loc["2.07.04", "achievement"]
    assert PLACED_LINE in performance.reported_differences(renja).source_line.tolist()


def test_a_code_row_sets_every_indicator_of_the_code_and_a_name_with_a_code_only_that_one(copy_with):
    renja = copy_with("indicator\tcode\tdirection\tnote\n"          # tab-separated
                      "\t2.07.05.2.02.04\tlower_is_better\tfewer cases, fewer trainees\n"
                      "Jumlah peserta Bimbingan Teknis Penyelesaian Perselisihan\t2.07.05.2.02.04\t"
                      "higher_is_better\t\n")
    table = performance.achievement_table(renja)
    rows = table[table.code == "2.07.05.2.02.04"].set_index("source_line")
    assert rows.direction.to_dict() == {519: "lower_is_better", 520: "lower_is_better", 521: "higher_is_better"}
    assert rows.direction_source.to_dict() == {519: "file (renja_copy.directions.csv:2)",
                                               520: "file (renja_copy.directions.csv:2)",
                                               521: "file (renja_copy.directions.csv:3)"}
    assert rows.loc[519, "achievement"] == pytest.approx((2 * 15 - 11) / 15 * 100)


def test_the_caller_comes_before_the_file_and_a_file_can_be_named(doc, copy_with, tmp_path):
    renja = copy_with(f"indicator,direction\n{PLACED},lower_is_better\n")
    mine = performance.achievement_table(renja, directions={PLACED: "higher_is_better"})
    assert (_row(mine, PLACED_LINE).direction, _row(mine, PLACED_LINE).direction_source) == \
        ("higher_is_better", "caller")
    # a file elsewhere, named explicitly, for the bundled document (which has no file of its own)
    elsewhere = tmp_path / "elsewhere" / "my directions.csv"
    elsewhere.parent.mkdir()
    elsewhere.write_text(f"indicator,direction\n{PLACED},lower_is_better\n", encoding="utf-8")
    assert performance.directions_file_for(doc) is None
    named = performance.achievement_table(doc, directions_file=elsewhere)
    assert _row(named, PLACED_LINE).direction_source == "file (my directions.csv:2)"
    assert _row(performance.achievement_table(doc, directions_file=str(elsewhere)), PLACED_LINE).direction == \
        "lower_is_better"


def _evaluation(rows):
    records = [{"code": code, "indicator": name, "measure": m, "year": 2021, "value": v, "raw": None, "unit": "%",
                "name": "x", "source_line": i}
               for i, (code, name, target, real) in enumerate(rows, start=1)
               for m, v in (("target", target), ("realization", real))]
    return pd.DataFrame.from_records(records).astype({"value": "float64"})


def test_the_file_comes_before_indicators_csv_and_a_frame_takes_a_named_file(tmp_path):
    frame = _evaluation([("2.07.04", "Tingkat Pengangguran Terbuka", 5.71, 6.23)])
    path = tmp_path / "d.csv"
    assert performance.achievement_table(frame).direction_source.tolist() == ["metadata (TPT)"]
    path.write_text("indicator,direction\ntingkat pengangguran terbuka,higher_is_better\n", encoding="utf-8")
    out = performance.achievement_table(frame, directions_file=path)
    assert (out.direction.iloc[0], out.direction_source.iloc[0]) == ("higher_is_better", "file (d.csv:2)")
    assert out.achievement.iloc[0] == pytest.approx(6.23 / 5.71 * 100)


# ---------------------------------------------------------------- encodings and delimiters
def test_a_semicolon_file_with_a_byte_order_mark_reads(copy_with):
    data = b"\xef\xbb\xbf" + f"indicator;direction;note\n{PLACED};lower_is_better;disepakati\n".encode("utf-8")
    table = performance.achievement_table(copy_with(None, data=data))
    assert _row(table, PLACED_LINE).direction == "lower_is_better"


def test_a_semicolon_file_in_cp1252_reads(copy_with):
    text = f"indicator;direction;note\n{PLACED};lower_is_better;rapat 12 Mei – Bappeda, café\n"
    data = text.encode("cp1252")
    assert b"\x96" in data and b"\xe9" in data      # the en dash and é of cp1252: not UTF-8
    renja = copy_with(None, data=data)
    assert _row(performance.achievement_table(renja), PLACED_LINE).direction == "lower_is_better"
    pairs = renja.evaluation[["code", "indicator"]].itertuples(index=False)
    rules = read_directions(directions_path_for(renja.path), allowed=("higher_is_better", "lower_is_better"),
                            indicators=pairs).rules
    assert [(r.row, r.indicator, r.code, r.note) for r in rules] == [
        (2, PLACED, None, "rapat 12 Mei – Bappeda, café")]


def test_a_byte_order_mark_over_cp1252_bytes_is_refused_naming_the_file(copy_with):
    data = b"\xef\xbb\xbf" + f"indicator;direction;note\n{PLACED};lower_is_better;café\n".encode("cp1252")
    renja = copy_with(None, data=data)
    with pytest.raises(RenjaError, match="UTF-8") as err:
        performance.achievement_table(renja)
    assert err.value.path.endswith("renja_copy.directions.csv")


def test_a_workbook_reads_too(doc, tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["indicator", "direction", "note"])
    sheet.append([PLACED, "lower_is_better", "tanpa angka"])       # no digit: the reader took it for a header
    path = tmp_path / "arah.xlsx"
    book.save(path)
    row = _row(performance.achievement_table(doc, directions_file=path), PLACED_LINE)
    assert (row.direction, row.direction_source) == ("lower_is_better", "file (arah.xlsx:2)")


# ---------------------------------------------------------------- bad files: file, row, expected, found
@pytest.mark.parametrize("body, row, column, words", [
    (f"indicator,direction\n{PLACED},lower\n", 2, "direction",
     ["expected a direction, higher_is_better / lower_is_better", "found 'lower'"]),
    (f"indicator,direction,note\n{PLACED},,why\n", 2, "direction", ["expected a direction", "the cell is empty"]),
    ("indicator,code,direction\n,,lower_is_better\n", 2, None,
     ["expected an indicator name or a code (indicator / code)", "both are empty"]),
    ("indicator,direction\nPersentase pencari kerja terdaftar yg ditempatkan,lower_is_better\n", 2, "indicator",
     ["expected the name of an indicator of the document", "found 'Persentase pencari kerja terdaftar yg ditempatkan'",
      f"nearest names: '{PLACED}'"]),
    ("indicator,direction\nAngka kematian ibu melahirkan per 100000 kelahiran,lower_is_better\n", 2, "indicator",
     ["expected the name of an indicator", "found 'Angka kematian ibu melahirkan per 100000 kelahiran'",
      "neither one of its 88 indicator names nor close to one"]),
    ("code,direction\n2.07.4,lower_is_better\n", 2, "code",
     ["expected a code of the document's indicators", "found '2.07.4'", "nearest codes: 2.07.04"]),
    (f"indicator,code,direction\n{PLACED},2.07.05,lower_is_better\n", 2, "code",
     [f"the indicator '{PLACED}' is not written under code '2.07.05'", "it stands under 2.07.04"]),
    (f"indicator,direction\n{PLACED},lower_is_better\n{PLACED.upper()},higher_is_better\n", 3, None,
     ["repeats row 2"]),
    (f"indicator,direction\n{PLACED},lower_is_better,extra\n", 2, None, ["expected 2 fields", "found 3"]),
    ("indicator,polarity\nx,lower_is_better\n", 1, "polarity", ["unknown column 'polarity'",
                                                                "allowed: indicator, code, direction, note"]),
    ("indicator,note\nx,y\n", 1, None, ["expected a column 'direction'", "the header has indicator, note"]),
    ("name,direction\nx,lower_is_better\n", 1, "name", ["unknown column 'name'"]),
    ("note,direction\nx,lower_is_better\n", 1, None, ["expected a column 'indicator'", "or 'code'",
                                                     "the header has note, direction"]),
])
def test_a_bad_row_is_one_error_naming_file_row_expected_and_found(copy_with, body, row, column, words):
    with pytest.raises(RenjaError) as err:
        performance.achievement_table(copy_with(body))
    e = err.value
    text = str(e)
    assert e.path.endswith("renja_copy.directions.csv") and e.line == row
    assert text.startswith(f"{e.path}:{row}: row {row}" + (f", column '{column}'" if column else ":"))
    for word in words:
        assert word in text
    assert e.exit_code == EXIT_BAD_INPUT     # the command line ends it with "bad input", no traceback


def test_every_bad_row_is_named_in_one_error_in_both_languages(copy_with):
    body = ("indicator,code,direction\n"
            f"{PLACED},,lower_is_better\n"          # fine
            f"{PLACED},,down\n"                     # row 3: direction
            ",,higher_is_better\n"                  # row 4: neither name nor code
            "Jumlah pencari kerja yg dilayani,,lower_is_better\n")   # row 5: a name nearly the document's
    with pytest.raises(RenjaError) as err:
        performance.rollup(copy_with(body))
    e = err.value
    assert e.line == 3
    en, id_ = e.render("en"), e.render("id")
    assert "3 problems in 3 rows of the directions file" in en
    for part in ("row 3, column 'direction'", "found 'down'", "row 4:", "row 5, column 'indicator'",
                 "'Jumlah pencari kerja yang dilayani'"):
        assert part in en
    for part in ("3 masalah pada 3 baris berkas arah indikator", "baris 3, kolom 'direction'", "diharapkan arah",
                 "ditemukan 'down'", "baris 4:", "keduanya kosong", "nama terdekat dalam dokumen"):
        assert part in id_


def test_a_named_file_that_is_missing_or_not_a_path_is_refused(doc, tmp_path):
    with pytest.raises(RenjaError, match="the directions file does not exist") as err:
        performance.achievement_table(doc, directions_file=tmp_path / "none.csv")
    assert err.value.path.endswith("none.csv")
    with pytest.raises(RenjaError, match="directions_file must be the path of a CSV file or None"):
        performance.efficiency(doc, directions_file=3)


def test_a_file_with_only_a_header_sets_nothing(doc, copy_with):
    table = performance.achievement_table(copy_with("indicator,direction,note\n"))
    assert (table.direction_source == performance.DOCUMENT_FORMULA).all()


# ---------------------------------------------------------------- directions not known: the page's list
def _unknown_names_of(renja) -> set[str]:
    """Tabel 2.1's indicator names that data/indicators.csv does not know, case and spacing ignored."""
    names = renja.evaluation["indicator"].dropna().unique()
    return {normalise_name(n) for n in names if indicator_key(n) is None}


def test_the_list_names_every_indicator_of_tabel_2_1_that_indicators_csv_does_not_know(doc):
    table, renstra = performance.achievement_table(doc), performance.renstra_progress(doc)
    unknown = performance.unknown_directions(table, renstra)
    expected = _unknown_names_of(doc)
    assert expected and set(unknown.indicator.map(normalise_name)) == expected
    assert unknown.indicator.map(normalise_name).is_unique and unknown.source_line.is_monotonic_increasing
    # the name that mentions unemployment is listed like any other: no direction is read from its words
    assert "jumlah pengangguran dan setengah pengangguran yang dipekerjakan" in set(
        unknown.indicator.map(normalise_name))
    note = performance_charts.direction_note([table, renstra], "en", document=doc)
    assert note.startswith(f"**Direction not known** for {len(expected)} indicators")
    assert "renja\\_disnaker\\_kota\\_pasuruan\\_2023.directions.csv" in note      # the file to write, escaped
    for column in ("`indicator`", "`code`", "`direction`", "`higher_is_better`", "`lower_is_better`", "`note`"):
        assert column in note
    assert "realised / target × 100" in note and "Tabel 2.1" in note
    listed = note.split("The indicators: ", 1)[1]
    assert listed.count(PLACED) == 1 and f"{PLACED} (2.07.04)" in listed
    id_ = performance_charts.direction_note([table, renstra], "id", document=doc)
    assert id_.startswith(f"**Arah belum diketahui** untuk {len(expected)} indikator")
    assert "realisasi / target × 100" in id_ and "Indikator tersebut: " in id_


def test_an_indicator_given_a_direction_leaves_the_list(copy_with):
    renja = copy_with(f"indicator,direction\n{PLACED},higher_is_better\n")
    table, renstra = performance.achievement_table(renja), performance.renstra_progress(renja)
    unknown = set(performance.unknown_directions(table, renstra).indicator.map(normalise_name))
    assert unknown == _unknown_names_of(renja) - {normalise_name(PLACED)}
    assert (f"**Direction not known** for {len(unknown)} indicators"
            in performance_charts.direction_note([table, renstra], "en", document=renja))


def test_the_note_when_every_direction_is_known_and_names_are_escaped():
    known = performance.achievement_table(_evaluation([("2.07.04", "TPT", 6.0, 4.5)]))
    assert performance_charts.direction_note([known], "en").startswith("The direction of every indicator is known")
    odd = performance.achievement_table(_evaluation([("1.01", "Jumlah *kasus* <b>baru</b>", 6.0, 4.5)]))
    note = performance_charts.direction_note([odd], "en", directions_file="/a/b/arah_kasus.csv")
    assert "Jumlah \\*kasus\\* &lt;b&gt;baru&lt;/b&gt; (1.01)" in note and "<b>" not in note
    assert "arah\\_kasus.csv" in note
    assert "&lt;document name&gt;.directions.csv" in performance_charts.direction_note([odd], "en")
    with pytest.raises(RenjaError, match="unknown_directions"):
        performance.unknown_directions(pd.DataFrame({"indicator": ["x"]}))


def test_docstring_examples_run():
    import doctest

    from renja_lib.read import directions

    result = doctest.testmod(directions, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0


def test_the_audit_rates_a_stated_achievement_with_the_directions_file(tmp_path):
    """The audit recomputes a stated achievement from its target and realisation with the direction the
    performance page uses: with 2.07.03 made lower-is-better by the file beside the document, 'tercapai 100,6%'
    of a target 16,00% and a realisation 16,1% no longer holds (two_minus gives 99,38%)."""
    from renja_lib import load
    from renja_lib.check.audit import audit
    from test_audit import write

    path = write(tmp_path)
    before = audit(load(path))
    assert before[before["rule"] == "narrative_ratio"].empty
    path.with_name(path.stem + ".directions.csv").write_text("code,direction\n2.07.03,lower_is_better\n",
                                                             encoding="utf-8")
    after = audit(load(path))
    found = after[after["rule"] == "narrative_ratio"]
    assert found["code"].tolist() == ["2.07.03"] and "100,6" in found.iloc[0]["message"]
