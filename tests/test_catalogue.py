"""The one text catalogue (renja_lib.text.catalogue): complete in both languages, every key used, no word elsewhere."""
from __future__ import annotations

import ast
import json
import re
import string
from pathlib import Path

import pytest

from renja_lib.errors import InternalError, RenjaError
from renja_lib.text import LANGS, Message, tr
from renja_lib.text import catalogue as cat

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "renja_lib"
NAMESPACES = sorted(p.stem for p in cat.CATALOGUE_DIR.glob("*.yaml"))
KEY = re.compile(rf"^(?:{'|'.join(NAMESPACES)})\.[A-Za-z0-9_.=-]+$")


@pytest.fixture(autouse=True)
def _fresh_catalogue(monkeypatch):
    monkeypatch.delenv(cat.OVERRIDE_ENV, raising=False)
    cat.reload()
    yield
    cat.reload()


# ---------------------------------------------------------------- what the code asks for
def _code_files() -> list[tuple[Path, str]]:
    files = [(p, p.read_text(encoding="utf-8")) for p in sorted(PACKAGE.rglob("*.py"))]
    for nb in sorted((ROOT / "notebooks").glob("*.ipynb")):
        cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
        files.append((nb, "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")))
    return files


def _literals() -> tuple[set[str], set[str]]:
    """Every string literal of the package and the notebooks' code, and every literal start of an f-string."""
    constants, prefixes = set(), set()
    for path, source in _code_files():
        tree = ast.parse(source, filename=str(path))
        in_fstring = {id(v) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for v in node.values}
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
                prefixes.add(str(node.values[0].value))
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in in_fstring:
                constants.add(node.value)
    return constants, prefixes


LITERALS, PREFIXES = _literals()
FAMILY_PREFIXES = {p for p in PREFIXES if KEY.match(p.rstrip(".") or "-") and p.endswith(".")}


def test_every_key_of_the_catalogue_is_used_by_the_code():
    keys = cat.keys()
    unused = [k for k in keys if k not in LITERALS and not any(k.startswith(p) for p in FAMILY_PREFIXES)]
    assert not unused, f"{len(unused)} catalogue keys no code uses: {unused[:20]}"


def test_every_key_the_code_names_is_in_the_catalogue():
    keys = set(cat.keys())
    named = sorted(s for s in LITERALS if KEY.match(s) and not s.endswith((".yaml", ".py", ".csv")))
    missing = [k for k in named if k not in keys]
    assert not missing, f"keys named in the code but not in the catalogue: {missing}"
    dangling = [p for p in FAMILY_PREFIXES if not any(k.startswith(p) for k in keys)]
    assert not dangling, f"f-string key families with no key in the catalogue: {dangling}"


def test_the_scan_sees_keys_and_families():
    # the two tests above would pass vacuously if the scan found nothing
    assert len([s for s in LITERALS if KEY.match(s)]) > 50
    assert any(p.startswith("analysis.band.") for p in FAMILY_PREFIXES)


# ---------------------------------------------------------------- complete in both languages
def _fields(template: str) -> set[str]:
    names = set()
    for _, name, spec, _ in string.Formatter().parse(template):
        if name:
            names.add(name.split(".")[0].split("[")[0])
        if spec:
            names |= _fields(spec)
    return names


def _forms(text) -> list[str]:
    return [text] if isinstance(text, str) else list(text.values())


@pytest.mark.parametrize("key", cat.keys())
def test_every_entry_has_every_language_and_valid_templates(key):
    texts = cat.catalogue()[key]
    assert set(texts) == set(LANGS)
    for lang in LANGS:
        for form in _forms(texts[lang]):
            _fields(form)  # raises ValueError on a broken template ("{n" or "}")


def test_indonesian_does_not_inflect_and_english_plurals_are_complete():
    for key, texts in cat.catalogue().items():
        if not isinstance(texts["en"], str):
            assert {"one", "other"} <= set(texts["en"]) or "=1" in texts["en"], key


# ---------------------------------------------------------------- the function
def test_plural_forms_follow_the_count_in_english_only():
    assert tr("cli.problems", "en", n=1) == "1 problem:"
    assert tr("cli.problems", "en", n=0) == "0 problems:"
    assert tr("cli.problems", "en", count=2, n=2) == "2 problems:"
    assert tr("cli.problems", "id", n=1) == tr("cli.problems", "id", n=1) == "1 masalah:"


def test_number_fields_are_written_in_the_language():
    d = Message("analysis.derivation.office_percentage", stated=83.82, decimals=2, budget=5_063_367_215,
                value=4_244_114_399.6, margin=253_168.4, conflict="")
    assert d.render("id") == ("realisasi perangkat daerah menurut persentase yang dinyatakan (83,82 % × "
                              "Rp 5.063.367.215 = Rp 4.244.114.400 ± 253.168 karena pembulatan persentase)")
    assert "(83.82 % × Rp 5,063,367,215 = Rp 4,244,114,400 ± 253,168 from" in d.render("en")


def test_messages_nest_and_compare_by_content():
    inner = Message("analysis.derivation.office_spending", spending=1_000)
    outer = Message("analysis.derivation.spending", how=inner, others="2.07.03", rest=500)
    assert outer.render("en") == ("Spending derived: the office's spending Rp 1,000 minus the spending of "
                                  "programmes 2.07.03 (Rp 500).")
    assert outer == Message("analysis.derivation.spending", how=inner, others="2.07.03", rest=500)
    assert str(inner) == inner.render("id") == "realisasi perangkat daerah Rp 1.000"


def test_unknown_key_and_missing_field_are_bugs_named_clearly():
    with pytest.raises(InternalError, match=r"no key 'cli.problem'.*did you mean 'cli.problems'"):
        tr("cli.problem", "en", n=1)
    with pytest.raises(InternalError, match=r"'analysis.derivation.office_spending' needs the field 'spending'"):
        tr("analysis.derivation.office_spending", "id")
    with pytest.raises(InternalError, match="needs a number as count"):
        tr("cli.problems", "en")
    with pytest.raises(RenjaError, match="lang must be one of"):
        tr("cli.problems", "fr", n=1)


# ---------------------------------------------------------------- the files
def test_a_file_missing_a_language_is_named_with_its_line(tmp_path):
    path = tmp_path / "demo.yaml"
    path.write_text("ok:\n  id: ya\n  en: 'yes'\nhalf:\n  id: setengah\n", encoding="utf-8")
    with pytest.raises(RenjaError) as err:
        cat._read_file(path, partial=False)
    assert err.value.path == str(path) and err.value.line == 4
    assert "expected the languages ['id', 'en'], found ['id']" in str(err.value)


def test_a_plural_entry_without_other_is_refused(tmp_path):
    path = tmp_path / "demo.yaml"
    path.write_text("n.thing:\n  id: '{n} benda'\n  en:\n    one: '{n} thing'\n", encoding="utf-8")
    with pytest.raises(RenjaError, match="needs an 'other' form"):
        cat._read_file(path, partial=False)


def test_broken_yaml_names_file_and_line(tmp_path):
    path = tmp_path / "demo.yaml"
    path.write_text("a:\n  id: ya\n  en: [unclosed\n", encoding="utf-8")
    with pytest.raises(RenjaError) as err:
        cat._read_file(path, partial=False)
    assert err.value.path == str(path) and err.value.line == 4


def test_an_unquoted_yes_or_no_is_caught_not_written_as_true(tmp_path):
    path = tmp_path / "demo.yaml"
    path.write_text("answer:\n  id: tidak\n  en: no\n", encoding="utf-8")
    with pytest.raises(RenjaError, match="quote") as err:
        cat._read_file(path, partial=False)
    assert err.value.line == 1


def test_an_office_overrides_wording_without_touching_the_code(tmp_path, monkeypatch):
    (tmp_path / "pages.yaml").write_text("index.title:\n  id: Laporan Renja Disnaker\n", encoding="utf-8")
    monkeypatch.setenv(cat.OVERRIDE_ENV, str(tmp_path))
    cat.reload()
    assert tr("pages.index.title", "id") == "Laporan Renja Disnaker"
    assert tr("pages.index.title", "en") == "Renja reports"  # the language not overridden stays


def test_an_override_with_an_unknown_key_is_refused(tmp_path, monkeypatch):
    (tmp_path / "pages.yaml").write_text("index.titel:\n  id: Laporan\n", encoding="utf-8")
    monkeypatch.setenv(cat.OVERRIDE_ENV, str(tmp_path))
    cat.reload()
    with pytest.raises(RenjaError, match=r"found 'pages.index.titel' \(did you mean 'pages.index.title'\?\)") as err:
        tr("pages.index.title", "id")
    assert err.value.line == 1


def test_an_override_that_is_not_a_folder_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv(cat.OVERRIDE_ENV, str(tmp_path / "nowhere"))
    cat.reload()
    with pytest.raises(RenjaError, match="must name a folder"):
        tr("pages.index.title", "id")


# ---------------------------------------------------------------- language only in the text layer
def _language_branches(tree: ast.AST) -> list[int]:
    """Lines that choose by language: ``lang == "id"``, ``{...}[lang]`` on a literal, ``{"id": ..., "en": ...}``."""
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            parts = [node.left, *node.comparators]
            names = {p.id for p in parts if isinstance(p, ast.Name)} | {p.attr for p in parts
                                                                        if isinstance(p, ast.Attribute)}
            consts = {p.value for p in parts if isinstance(p, ast.Constant)}
            if any("lang" in n for n in names) and consts & set(LANGS):
                lines.append(node.lineno)
        elif isinstance(node, ast.Dict):
            keys = {k.value for k in node.keys if isinstance(k, ast.Constant)}
            if set(LANGS) <= keys:
                lines.append(node.lineno)
        elif isinstance(node, ast.IfExp) and isinstance(node.test, ast.Compare):
            pass  # caught by the Compare above
    return lines


def test_language_branching_only_in_the_text_layer():
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.parent.name == "text":
            continue
        lines = _language_branches(ast.parse(path.read_text(encoding="utf-8")))
        if lines:
            found[str(path.relative_to(ROOT))] = lines
    assert not found, f"language chosen outside renja_lib/text: {found}"


def test_the_branch_finder_finds_branches():
    tree = ast.parse('x = "a" if lang == "id" else "b"\ny = {"id": 1, "en": 2}[lang]\n')
    assert _language_branches(tree) == [1, 2]


# ---------------------------------------------------------------- every code a frame can hold has its words
def test_every_code_the_analysis_and_readers_can_write_has_words_in_both_languages():
    from renja_lib.analyse.budget import CHANGE_STATUSES
    from renja_lib.analyse.labour import KINDS
    from renja_lib.analyse.performance import QUADRANTS, STATUSES
    from renja_lib.analyse.ratings import BANDS, DIRECTIONS, FORMULAS, METHODS, MISSING_BAND_KEY
    from renja_lib.read.find_tables import TABLE_KINDS
    from renja_lib.read.narrative_facts import PERIODS, QUANTITIES
    from renja_lib.read.spending import FLAGS

    families = {
        "analysis.band": [b.key for b in BANDS] + [MISSING_BAND_KEY], "analysis.quadrant": QUADRANTS,
        "analysis.change": CHANGE_STATUSES, "analysis.achievement_status": STATUSES, "analysis.kind": KINDS,
        "analysis.direction": DIRECTIONS, "analysis.method": [*METHODS, "ratio"], "analysis.formula": FORMULAS,
        "analysis.table_kind": TABLE_KINDS, "analysis.period": PERIODS, "analysis.spending_flag": FLAGS,
        "audit.quantity": QUANTITIES, "analysis.absorption_flag": ["contradiction", "stated_unreadable"],
    }
    missing = [f"{family}.{code}" for family, codes in families.items() for code in codes
               if not cat.has(f"{family}.{code}")]
    assert not missing, f"codes without words: {missing}"
    assert tr("analysis.kind.renstra_target", "id") == "target Renstra"
    assert tr("analysis.band.very_high", "en") == "very high"


def test_messages_are_equal_by_key_count_and_fields_whatever_their_order():
    """A message is a value: two built alike are equal and hash alike (a dict of texts keyed by message finds the
    one written before), whatever the order the fields were given in; a different key, count or field is another."""
    from renja_lib.text import Message

    nan = float("nan")
    a = Message("narrative.note.scaled", raw="5", scale="juta")
    same = Message("narrative.note.scaled", scale="juta", raw="5")
    assert a == same and hash(a) == hash(same) and {a: "x"}[same] == "x"
    assert a != Message("narrative.note.scaled", raw="6", scale="juta")
    assert a != Message("narrative.note.scaled", raw="5")
    assert a != Message("narrative.note.grouping", raw="5", scale="juta") and a != "narrative.note.scaled"
    assert Message("cli.problems", n=2) != Message("cli.problems", count=2, n=2)
    assert Message("narrative.unresolved.ambiguous_year", years=[2021, 2022]) == Message(
        "narrative.unresolved.ambiguous_year", years=[2021, 2022])
    assert Message("k", x=nan) == Message("k", x=nan) and Message("k", x=nan) != Message("k", x=float("nan"))
    assert a == a and Message("cli.problems", n=Message("cli.problems", n=1)) == Message(
        "cli.problems", n=Message("cli.problems", n=1))
