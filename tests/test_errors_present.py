"""The errors of the presentation layer, the audit's arguments and the number formats, in Indonesian and English.

Each module of :mod:`renja_lib.present` (and :mod:`renja_lib.check.audit`, :mod:`renja_lib.text.formats`) says
what is wrong with its input in the language of error messages (:func:`renja_lib.text.use_language`): the
catalogue's ``errors_present.*`` texts. The English text is the one these errors always had.
"""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from renja_lib.check import audit  # noqa: E402
from renja_lib.errors import RenjaError  # noqa: E402
from renja_lib.present import audit_charts, budget_charts, chart_parts, figure_files  # noqa: E402
from renja_lib.present import labour_charts, performance_charts  # noqa: E402
from renja_lib.text import Message, formats, use_language  # noqa: E402


@pytest.fixture()
def indonesian():
    before = use_language("id")
    yield
    use_language(before)


def _series(**changes) -> pd.DataFrame:
    frame = pd.DataFrame({"region": "Kota Pasuruan", "indicator": "TPT", "year": [2020, 2021], "kind": "actual",
                          "value": [6.33, 6.23], "source": "BPS"})
    return frame.assign(**changes)


#: (module, what to call, the English error, the Indonesian error)
CASES = [
    ("chart_parts", lambda doc, tmp: chart_parts.check_source("  "),
     "source must be non-empty text (e.g. 'Renja Disnaker 2023, Tabel 4.1') or None; got '  '",
     "source harus berupa teks yang tidak kosong (mis. 'Renja Disnaker 2023, Tabel 4.1') atau None; diberikan '  '"),
    ("chart_parts", lambda doc, tmp: chart_parts.number_column(pd.Series([1, "x"]), "frame", "value"),
     "frame['value'] must hold numbers (or be empty); row 1 has 'x'",
     "frame['value'] harus berisi angka (atau kosong); baris 1 berisi 'x'"),
    ("labour_charts", lambda doc, tmp: labour_charts.regions_compare(_series(), "TPT", kind="real"),
     "kind must be one of ['actual', 'estimate', 'target', 'projection', 'renstra_target']; got 'real'",
     "kind harus salah satu dari ['actual', 'estimate', 'target', 'projection', 'renstra_target']; "
     "diberikan 'real'"),
    ("labour_charts", lambda doc, tmp: labour_charts.indicator_trend(
        pd.concat([_series(), _series(value=[6.33, 6.3], source=["BPS", ""])]), "TPT"),
     "series has 2 different values for Kota Pasuruan TPT 2021 actual: 6.23 (BPS); 6.3 (no source). A chart shows "
     "one value per region, indicator, year and kind: keep the right one (labour.series() marks such rows "
     "conflict=True)",
     "series memuat 2 nilai berbeda untuk Kota Pasuruan TPT 2021 actual: 6.23 (BPS); 6.3 (tanpa sumber). Grafik "
     "menampilkan satu nilai per wilayah, indikator, tahun, dan jenis: pertahankan nilai yang benar "
     "(labour.series() menandai baris seperti itu dengan conflict=True)"),
    ("budget_charts", lambda doc, tmp: budget_charts.absorption_chart("absorption.csv"),
     "absorption_frame must be a pandas DataFrame as budget.absorption(doc) returns it; got str",
     "absorption_frame harus berupa DataFrame pandas seperti yang dihasilkan budget.absorption(doc); diberikan str"),
    ("budget_charts", lambda doc, tmp: budget_charts.changes_chart(pd.DataFrame(), top=0),
     "top must be a whole number of at least 1 (e.g. 10); got 0",
     "top harus berupa bilangan bulat paling kecil 1 (mis. 10); diberikan 0"),
    ("performance_charts", lambda doc, tmp: performance_charts.efficiency_chart(
        pd.DataFrame({"programme": ["2.07.01"], "name": ["Program"], "achievement": [90.0], "absorption": [80.0],
                      "quadrant": ["efficient"]}), achievement_threshold="91"),
     "achievement_threshold must be a number (percent) such as 91, or None; got '91'",
     "achievement_threshold harus berupa angka (persen) seperti 91, atau None; diberikan '91'"),
    ("audit_charts", lambda doc, tmp: audit_charts.audit_chart(
        audit.summary(audit.audit(doc, rules=["code_names"])).assign(error=0, warning=0, info=0)),
     "audit_summary_frame has no findings to draw (every count is 0)",
     "audit_summary_frame tidak memiliki temuan untuk digambar (setiap hitungan bernilai 0)"),
    ("figure_files", lambda doc, tmp: figure_files.save(Figure(), "tpt trend.png", tmp),
     "name must be a file stem of letters, digits, '-' and '_' that starts with a letter or digit, at most 100 "
     "characters, without extension (e.g. 'tpt_trend'); got 'tpt trend.png'",
     "name harus berupa nama berkas tanpa ekstensi dari huruf, angka, '-' dan '_' yang diawali huruf atau angka, "
     "paling panjang 100 karakter (mis. 'tpt_trend'); diberikan 'tpt trend.png'"),
    ("check.audit", lambda doc, tmp: audit.audit(doc, rules=["code_names", "no_such_rule"]),
     "unknown rule(s) 'no_such_rule'; the rules are " + ", ".join(audit.RULES),
     "aturan tidak dikenal: 'no_such_rule'; aturan yang ada: " + ", ".join(audit.RULES)),
    ("text.formats", lambda doc, tmp: formats.fmt_number(1.5, decimals=11),
     "decimals must be a whole number from 0 to 10 or None; got 11",
     "decimals harus berupa bilangan bulat dari 0 sampai 10 atau None; diberikan 11"),
    ("text.formats", lambda doc, tmp: formats.fmt_percent(float("inf")),
     "x must be a finite number; got inf",
     "x harus berupa angka terhingga; diberikan inf"),
]


@pytest.mark.parametrize("module, call, english, indonesian_text", CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_an_error_is_written_in_the_language_of_messages(module, call, english, indonesian_text, doc, tmp_path,
                                                         indonesian):
    with pytest.raises(RenjaError) as caught:
        call(doc, tmp_path)
    assert str(caught.value) == indonesian_text  # the process's language: Indonesian
    assert caught.value.render("en") == english
    assert caught.value.render("id") == indonesian_text


def test_a_chart_file_that_cannot_be_written_is_named_in_either_language(tmp_path, monkeypatch, indonesian):
    def job_that_fails(target, *args):
        raise RenjaError(Message("errors_present.figure_files.out_dir_file"), path=target.parent)

    monkeypatch.setattr(figure_files, "_png_job", job_that_fails)
    figure_files.save_chart(Figure(), "chart", tmp_path, slides=False)
    with pytest.raises(RenjaError) as caught:
        figure_files.wait_for_files()
    png = tmp_path / "chart.png"
    assert str(caught.value) == f"berkas grafik tidak dapat ditulis: {png}: {tmp_path}: out_dir harus berupa folder; " \
                                "ini sebuah berkas"
    assert caught.value.render("en") == f"chart file(s) could not be written: {png}: {tmp_path}: out_dir must be a " \
                                        "folder; this is a file"
