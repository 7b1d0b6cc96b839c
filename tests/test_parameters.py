"""The parameter registry: every notebook's parameters cell agrees with it; ``-p`` values and parameter
files are typed and checked before anything runs, with one message naming the file, run and key."""
from __future__ import annotations

import ast
import json
import tempfile
from pathlib import Path

import nbformat
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from renja_lib import RenjaError
from renja_lib.read import source
from renja_lib.run import parameters as P
from renja_lib.config import DEFAULT_SOURCE, NOTEBOOKS_DIR, PROJECT_ROOT
from renja_lib.errors import EnvironmentFault
from renja_lib.run.parameters import REGISTRY, Parameter, check_timeout
from renja_lib.run.plan import _read_params_file, _typed, plan_runs
from renja_lib.text import LANGS
from renja_lib.run.plan import notebook_params as _notebook_params

NOTEBOOKS = sorted(p for p in NOTEBOOKS_DIR.glob("*.ipynb") if not p.name.startswith("."))


# ---------------------------------------------------------------- the registry against the notebooks

def declared_parameters(path: Path) -> dict[str, object]:
    """name -> default, read with ``ast`` from the notebook's ``parameters`` cell."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    cells = [c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(cells) == 1, f"{path.name}: expected one cell tagged 'parameters'"
    source = cells[0]["source"]
    tree = ast.parse("".join(source) if isinstance(source, list) else source)
    out = {}
    for node in tree.body:
        assert isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name), \
            f"{path.name}: the parameters cell holds only NAME = literal lines"
        out[node.targets[0].id] = ast.literal_eval(node.value)
    return out


_DEFAULT_TYPES = {"str": str, "choice": str, "path": str, "int": int, "float": float, "bool": bool,
                  "mapping": dict, "list": list}


def registry_problems(notebooks: list[Path], registry: dict[str, Parameter]) -> list[str]:
    """Every way the notebooks' parameters cells and the registry disagree."""
    problems = []
    users: dict[str, set[str]] = {}
    for path in notebooks:
        for name, default in declared_parameters(path).items():
            users.setdefault(name, set()).add(path.stem)
            param = registry.get(name)
            if param is None:
                problems.append(f"{path.stem}: {name} is not registered")
                continue
            if default != param.default or type(default) is not type(param.default):
                problems.append(f"{path.stem}: {name} = {default!r}, the registry says {param.default!r}")
            if default is None:
                if not param.optional:
                    problems.append(f"{path.stem}: {name} defaults to None but is not optional")
            elif type(default) is not _DEFAULT_TYPES[param.type]:
                problems.append(f"{path.stem}: {name} = {default!r} is not of type {param.type}")
            elif param.type == "choice" and default not in param.choices:
                problems.append(f"{path.stem}: {name} = {default!r} is not one of {param.choices}")
    for name, param in registry.items():
        if set(param.notebooks) != users.get(name, set()):
            problems.append(f"{name}: the registry says {sorted(param.notebooks)}, declared by "
                            f"{sorted(users.get(name, set()))}")
    return problems


def test_every_notebook_parameter_is_registered_with_its_default_type_and_notebooks():
    assert NOTEBOOKS and tuple(p.stem for p in NOTEBOOKS) == P.NOTEBOOKS
    assert registry_problems(NOTEBOOKS, REGISTRY) == []
    for param in REGISTRY.values():
        assert param.description.strip() and param.description[0].isupper()
        if param.default is not None:  # the default itself passes the checks
            assert param.check(param.default) == param.default


def test_the_registry_check_catches_a_new_unregistered_parameter(tmp_path):
    source = NOTEBOOKS[0].read_text(encoding="utf-8")
    nb = nbformat.reads(source, as_version=4)
    cell = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    cell.source += "\ncolour = \"red\"\ntop = 5\n"
    path = tmp_path / NOTEBOOKS[0].name
    nbformat.write(nb, path)
    problems = registry_problems([path, *NOTEBOOKS[1:]], REGISTRY)
    assert f"{NOTEBOOKS[0].stem}: colour is not registered" in problems
    assert any("top = 5" in p for p in problems)  # a default that differs from the registry's
    assert any(p.startswith("top: the registry says") for p in problems)  # a notebook the registry omits


def test_the_registry_agrees_with_the_modules_that_use_the_values():
    from renja_lib.analyse import budget, ratings

    assert REGISTRY["method"].choices == tuple(ratings.METHODS)
    assert REGISTRY["spending_unit"].choices == tuple(budget.UNITS)
    assert REGISTRY["spending_decimal"].choices == tuple(budget.DECIMAL_MARKS)
    assert REGISTRY["lang"].choices == tuple(LANGS)
    assert {n for n, p in REGISTRY.items() if p.set_by_runner} == {"source", "figures_dir"}
    assert {n for n, p in REGISTRY.items() if p.is_path} == {"source", "extra_indicators", "spending_file",
                                                            "directions_file", "city_budget_file", "bps_files"}


def test_pair_basis_is_registered_as_the_labour_analysis_takes_it():
    """TPT and TKK rated on one basis (issue 15): the notebook parameter takes what labour.gap_to_target does."""
    from renja_lib.analyse import labour

    param = REGISTRY["pair_basis"]
    assert (param.type, param.default, param.optional) == ("choice", None, True)
    assert (None, *param.choices) == tuple(labour.PAIR_BASES)
    assert param.notebooks == ("02_labour_indicators",)
    assert declared_parameters(NOTEBOOKS_DIR / "02_labour_indicators.ipynb")["pair_basis"] is None
    assert [param.from_text(t) for t in ("TPT", "TKK", "none", " TPT ")] == ["TPT", "TKK", None, "TPT"]
    with pytest.raises(RenjaError, match=r"parameter pair_basis: expected one of 'TKK', 'TPT', or none, got 'tpt' "
                                         r"\(did you mean 'TPT'\?\)"):
        param.from_text("tpt")
    with pytest.raises(RenjaError, match="parameter pair_basis: .* got 'TPAK'"):
        param.from_text("TPAK")
    assert plan_runs(notebooks=["02"], params={"pair_basis": "TKK"})[0].params == {"pair_basis": "TKK"}
    with pytest.raises(RenjaError, match="pair_basis"):
        plan_runs(notebooks=["02"], params={"pair_basis": "TPAK"})


# ---------------------------------------------------------------- typing text (-p KEY=VALUE)

@pytest.mark.parametrize("name, text, value", [
    ("region", "01", "01"),                      # a code keeps its zero
    ("region", "Kota Malang", "Kota Malang"),
    ("region", "true", "true"),                  # text stays text
    ("top", "5", 5), ("top", "+7", 7), ("top", "0010", 10),
    ("tolerance", "2.5", 2.5), ("tolerance", "0", 0.0), ("tolerance", "1e-3", 0.001), ("tolerance", ".5", 0.5),
    ("spending_cumulative", "True", True), ("spending_cumulative", "no", False),
    ("spending_cumulative", "YA", True), ("spending_cumulative", "tidak", False),
    ("spending_cumulative", "none", None), ("planned_schedule", "null", None),
    ("planned_schedule", '{"Q1": 20, "TW II": 45.5}', {"Q1": 20, "TW II": 45.5}),
    ("method", "inverse_ratio", "inverse_ratio"), ("spending_decimal", ".", "."),
    ("spending_unit", "juta", "juta"), ("lang", "en", "en"),
])
def test_text_values_are_typed_by_the_registry(name, text, value):
    got = REGISTRY[name].from_text(text)
    assert got == value and type(got) is type(value)


@pytest.mark.parametrize("name, text, why", [
    ("top", "0", "out of range"), ("top", "1001", "out of range"), ("top", "2.5", ""), ("top", "ten", ""),
    ("top", "9" * 40, "too large"), ("top", "", ""), ("top", "none", ""),
    ("tolerance", "1,5", "write decimals with a point: 1.5"), ("tolerance", "nan", ""), ("tolerance", "inf", ""),
    ("tolerance", "1e999", "too large"), ("tolerance", "-1", "out of range"), ("tolerance", "1_0", ""),
    ("spending_cumulative", "maybe", ""), ("spending_cumulative", "1", ""),
    ("method", "Two_minus", "did you mean 'two_minus'?"), ("lang", "fr", ""), ("spending_decimal", ";", ""),
    ("region", "   ", ""),
    ("planned_schedule", '{"Q1": 20', "not valid JSON"), ("planned_schedule", "[1,", "not valid JSON"),
    ("planned_schedule", '{"Q1": NaN}', "not valid JSON"), ("planned_schedule", "[1]", "found a list"),
    ("planned_schedule", '{"Q1": true}', "not a number"), ("planned_schedule", '{"Q1": 120}', "out of range"),
    ("planned_schedule", "[" * 9_000, "not valid JSON"), ("region", "x" * 20_000, "longer than 10000"),
])
def test_bad_text_is_one_message_naming_the_parameter_what_it_takes_and_what_was_given(name, text, why):
    with pytest.raises(RenjaError) as info:
        REGISTRY[name].from_text(text)
    message = str(info.value)
    assert message.startswith(f"parameter {name}: expected {REGISTRY[name].expected()}, got ")
    assert repr(text[:77]).rstrip("'") in message and why in message


def test_a_path_is_resolved_against_the_given_folder_and_must_be_a_readable_file(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "extra.csv").write_text("region,indicator\n", encoding="utf-8")
    param = REGISTRY["extra_indicators"]
    assert param.from_text("sub/extra.csv", base_dir=tmp_path) == str(tmp_path / "sub" / "extra.csv")
    assert param.from_text("../sub/extra.csv", base_dir=tmp_path / "sub") == str(tmp_path / "sub" / "extra.csv")
    with pytest.raises(RenjaError, match=r"parameter extra_indicators: expected the path of an existing, readable "
                                         r"file, or none, got '\[1,' \(not found: .*\[1,\)"):
        param.from_text("[1,", base_dir=tmp_path)
    with pytest.raises(RenjaError, match="got 'sub' .a folder, not a file"):
        param.from_text("sub", base_dir=tmp_path)
    with pytest.raises(RenjaError, match="got '/dev/null' .not a regular file"):
        param.from_text("/dev/null")
    with pytest.raises(RenjaError, match="not found"):
        param.from_text("sub/extra.csv/x", base_dir=tmp_path)  # a path under a file
    with pytest.raises(RenjaError, match="got 'a\\\\x00b'"):
        param.from_text("a\x00b", base_dir=tmp_path)
    with pytest.raises(RenjaError, match="got ''"):
        param.from_text("", base_dir=tmp_path)


def test_an_unreadable_file_is_named_as_the_environment(tmp_path, monkeypatch):
    path = tmp_path / "extra.csv"
    path.write_text("x\n", encoding="utf-8")

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(P, "open", refuse, raising=False)  # root reads everything: simulate the refusal
    with pytest.raises(EnvironmentFault, match=r"extra.csv: parameter spending_file: cannot read the file: "
                                               r"permission denied"):
        REGISTRY["spending_file"].from_text(str(path))


_BASE = Path(tempfile.mkdtemp(prefix="renja-param-"))


@settings(max_examples=150, deadline=None)
@given(name=st.sampled_from(sorted(REGISTRY)), text=st.text(max_size=60))
def test_any_text_gives_a_value_or_one_renja_error(name, text):
    try:
        value = REGISTRY[name].from_text(text, base_dir=_BASE)
    except RenjaError as exc:
        assert str(exc).startswith(f"parameter {name}: expected ") or "cannot read the file" in str(exc)
    else:  # and the value passes the registry again, unchanged (the runner may check it twice)
        assert REGISTRY[name].check(value, base_dir=_BASE) == value


_yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20) | st.dates(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.text(max_size=5) | st.integers(), children, max_size=4),
    max_leaves=12)


@settings(max_examples=200, deadline=None)
@given(name=st.sampled_from(sorted(REGISTRY)), value=_yaml_values)
def test_any_yaml_value_gives_a_value_or_one_renja_error(name, value):
    try:
        REGISTRY[name].check(value, base_dir=_BASE)
    except RenjaError as exc:
        assert str(exc).startswith(f"parameter {name}: expected ") or "cannot read the file" in str(exc)


@pytest.mark.parametrize("name, value, why", [
    ("region", 1, "put it in quotes"), ("region", True, "put it in quotes"),
    ("top", 10.0, ""), ("top", True, ""), ("top", 10**50, "out of range"),
    ("tolerance", float("nan"), "not a finite number"), ("tolerance", 10**400, "too large"),
    ("spending_cumulative", 1, ""), ("method", 2, ""), ("extra_indicators", 5, "put it in quotes"),
    ("planned_schedule", {"Q1": 20, 2: 30}, "the key the number 2 is not text"),
    ("planned_schedule", ["Q1"], ""), ("planned_schedule", {"Q1": "20"}, "not a number"),
])
def test_yaml_values_of_the_wrong_type_are_refused(name, value, why):
    with pytest.raises(RenjaError, match=f"^parameter {name}: expected ") as info:
        REGISTRY[name].check(value)
    assert why in str(info.value)


def test_yaml_values_of_the_right_type_pass_and_text_is_read_as_from_the_command_line():
    assert REGISTRY["top"].check(3) == 3 and REGISTRY["top"].check("3") == 3
    assert REGISTRY["tolerance"].check(2) == 2.0 and REGISTRY["spending_cumulative"].check(False) is False
    assert REGISTRY["planned_schedule"].check({"Q1": 20, "Q2": 45.5}) == {"Q1": 20, "Q2": 45.5}
    assert REGISTRY["planned_schedule"].check(None) is None


@pytest.mark.parametrize("text, value", [("2.5", 2.5), ("1", 1.0), (0.25, 0.25), (30, 30.0)])
def test_timeout_takes_fractional_seconds(text, value):
    assert check_timeout(text) == value


@pytest.mark.parametrize("bad", ["inf", "nan", "0", "-1", "1,5", "abc", "", float("inf"), float("nan"), 0, True])
def test_timeout_must_be_finite_and_positive(bad):
    with pytest.raises(RenjaError, match="--timeout must be a"):
        check_timeout(bad)


# ---------------------------------------------------------------- plan_runs: typed before anything runs

def test_plan_runs_types_every_value_before_anything_runs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("spend.csv").write_text("code,period,budget,spending\n", encoding="utf-8")
    runs = plan_runs(params={"top": "5", "tolerance": "2.5", "spending_cumulative": "false",
                             "planned_schedule": '{"Q1": 15}', "spending_file": "spend.csv", "region": "01"})
    params = runs[0].params
    assert params == {"top": 5, "tolerance": 2.5, "spending_cumulative": False, "planned_schedule": {"Q1": 15},
                      "spending_file": str(tmp_path / "spend.csv"), "region": "01"}
    # the runner's per-notebook _typed leaves the typed values as they are
    for nb in runs[0].notebooks:
        spec = _notebook_params(nb)
        assert {k: _typed(v, spec.get(k)) for k, v in params.items() if k in spec} == \
            {k: v for k, v in params.items() if k in spec}
    # the slug is made from the values as given, as before
    assert "planned-schedule-q1-15-region-01-spending-cumulative-false-spending-file-spend-" in runs[0].slug


def test_a_bad_value_is_one_message_before_anything_runs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(RenjaError, match=r"^parameter extra_indicators: expected the path of an existing, "
                                         r"readable file, or none, got '\[1,'"):
        plan_runs(params={"extra_indicators": "[1,"})
    with pytest.raises(RenjaError, match="^parameter planned_schedule: .* got '{oops' .not valid JSON"):
        plan_runs(params={"planned_schedule": "{oops"})
    with pytest.raises(RenjaError, match="^unknown parameter 'colour'"):
        plan_runs(params={"colour": "red"})
    with pytest.raises(RenjaError, match="^parameter 'top' is used only by 05_plan_changes, which is not selected; "
                                         "the selected notebooks take: bps_files, extra_indicators, lang, method, neighbours, pair_basis, region$"):
        plan_runs(notebooks=["02_labour_indicators"], params={"top": "3"})
    with pytest.raises(RenjaError, match="'figures_dir' is set by the runner"):
        plan_runs(params={"figures_dir": "x"})
    with pytest.raises(RenjaError, match="'figures_dir' is set by the runner"):  # even where no notebook declares it
        plan_runs(notebooks=["01_overview"], params={"figures_dir": "x"})


@pytest.mark.parametrize("make, why", [
    (lambda p: p.mkdir(), "is a folder"),
    (lambda p: p.write_bytes(b"\x00\x01\x02PK" * 100), "binary file"),
    (lambda p: p.write_bytes(b""), "empty"),
    (lambda p: p.write_bytes(b"  \n\n"), "empty"),
    (lambda p: None, "source document not found"),
])
def test_a_bad_source_is_one_message_naming_it(tmp_path, make, why):
    path = tmp_path / "renja.txt"
    make(path)
    with pytest.raises(RenjaError, match=why) as info:
        plan_runs([path])
    assert "renja.txt" in str(info.value)


def test_a_source_that_is_a_device_or_unreadable_is_refused(tmp_path, monkeypatch):
    with pytest.raises(RenjaError, match="/dev/zero: not a regular file"):
        plan_runs(["/dev/zero"])  # never read: it has no end
    doc = tmp_path / "renja.txt"
    doc.write_bytes(DEFAULT_SOURCE.read_bytes())
    real = open

    def refuse(file, *args, **kw):
        if Path(file).name == "renja.txt":
            raise PermissionError(13, "Permission denied", str(file))
        return real(file, *args, **kw)

    monkeypatch.setattr(source, "open", refuse, raising=False)  # root reads any file: the refusal is simulated
    with pytest.raises(EnvironmentFault, match="renja.txt: cannot read the (file|source document): permission denied"):
        plan_runs([doc])


# ---------------------------------------------------------------- parameter files

def write(tmp_path: Path, text: str, name: str = "runs.yml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("text, message", [
    ("- source: 123\n", r"runs.yml:1: run 1: source: expected the path of a Renja document \(text\), "
                        r"found the number 123 \(put it in quotes"),
    (f"- source: {DEFAULT_SOURCE}\n- source: 12.5\n", r"runs.yml:2: run 2: source: .*found the number 12.5"),
    ("- source:\n", r"run 1: source: .*found nothing \(null\); leave the key out"),
    ("- notebooks: [01]\n", r"runs.yml:1: run 1: notebooks: item 1 is the number 1, expected a notebook name "
                            r"\(put it in quotes"),
    ("- notebooks: [02_labour_indicators, 5]\n", r"run 1: notebooks: item 2 is the number 5"),
    ("- notebooks: 1\n", r"run 1: notebooks: expected a list of notebook names .* found the number 1"),
    ("- notebooks: 02_labour_indicators\n", r"run 1: notebooks: expected a list .* found '02_labour_indicators'"),
    ("- notebooks: []\n", r"run 1: notebooks: .*found a list; leave the key out"),
    ("- notebooks: [nope]\n", r"runs.yml:1: run 1: unknown notebook 'nope'"),
    ("- slug: 2024\n", r"run 1: slug: expected a folder name \(text\), found the number 2024"),
    ("- slug: [a]\n", r"run 1: slug: .*found a list"),
    ("- parameters: [top]\n", r"run 1: parameters: expected a mapping of name: value, found a list"),
    ("- parameters:\n", r"run 1: parameters: expected a mapping .*found nothing"),
    ("- parameters: {1: 2}\n", r"run 1: parameters: a parameter name is the number 1"),
    ("- colour: red\n", r"runs.yml:1: run 1: unknown key 'colour'; the keys of a run are source, parameters"),
    ("- {1: red}\n", r"run 1: unknown key the number 1"),
    ("- 5\n", r"run 1: expected a mapping with the keys .* found the number 5"),
    ("", r"runs.yml: the parameter file holds no runs"),
    ("[]\n", r"the parameter file holds no runs"),
    ("runs: []\n", r"the parameter file holds no runs"),
    ("runs: 3\n", r"expected a list of runs .* found the number 3"),
    ("runs: []\nextra: 1\n", r"found a mapping with the keys 'runs', 'extra'"),
    ("42\n", r"expected a list of runs .* found the number 42"),
    ("- slug: 2024-02-30\n", r"not valid YAML \(day is out of range for month\)"),
    ("- source: !!python/object/apply:os.system [ls]\n", r"runs.yml:1: not valid YAML \(could not determine a "
                                                         r"constructor"),
    ("- [unclosed\n", r"runs.yml:\d+: not valid YAML"),
    ("- parameters:\n    top: 1\n    top: 2\n", r"runs.yml:3: the key 'top' is given twice"),
    ("- slug: a\n  slug: b\n", r"runs.yml:2: the key 'slug' is given twice"),
    ("[" * 20_000 + "]" * 20_000, r"runs.yml(:\d+)?: not valid YAML"),
    ("---\n- slug: a\n---\n- slug: b\n", r"not valid YAML"),
])
def test_parameter_file_shape_errors_name_the_file_run_and_key(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(RenjaError, match=message):
        plan_runs(params_file=path)


@pytest.mark.parametrize("text, message", [
    ("- parameters:\n    top: 0\n", r"runs.yml:2: run 1: parameter top: expected a whole number from 1 to 1000, "
                                    r"got the number 0 \(out of range\)"),
    ("- slug: a\n- slug: b\n  parameters:\n    region: 01\n",
     r"runs.yml:4: run 2: parameter region: expected text .* got the number 1 \(put it in quotes"),
    ("- parameters: {spending_cumulative: maybe}\n", r"runs.yml:1: run 1: parameter spending_cumulative: .*'maybe'"),
    ("- parameters: {planned_schedule: {Q1: .nan}}\n", r"run 1: parameter planned_schedule: .*'Q1' is the number "
                                                       r"nan, out of range"),
    ("- parameters: {extra_indicators: missing.csv}\n", r"run 1: parameter extra_indicators: .*got 'missing.csv' "
                                                        r"\(not found: /.*/missing.csv; paths in a parameter file "
                                                        r"are read from its folder\)"),
    ("- parameters: {colour: red}\n", r"runs.yml:1: run 1: unknown parameter 'colour'"),
    ("- parameters: {source: x.txt}\n", r"run 1: parameter 'source' is set by the runner"),
    ("- source: nothere.txt\n", r"^/.*/nothere.txt: source document not found \(the source of run 1 in .*runs.yml, "
                                r"line 1, written as 'nothere.txt': paths in a parameter file are read from its "
                                r"folder\)"),
    ("- slug: same\n- slug: same\n", r"runs.yml:2: run 2: two runs would write the same report folder 'same'"),
])
def test_parameter_file_values_are_checked_with_file_run_and_line(tmp_path, text, message):
    with pytest.raises(RenjaError, match=message):
        plan_runs(params_file=write(tmp_path, text))


def test_parameter_file_paths_are_relative_to_its_folder_and_values_typed(tmp_path, monkeypatch):
    folder = tmp_path / "project"
    (folder / "data").mkdir(parents=True)
    (folder / "data" / "doc.txt").write_bytes(DEFAULT_SOURCE.read_bytes())
    (folder / "data" / "extra.csv").write_text("region\n", encoding="utf-8")
    path = write(folder, "runs:\n- source: data/doc.txt\n  slug: first\n"
                         "  parameters: {extra_indicators: data/extra.csv, top: '7', spending_cumulative: yes,\n"
                         "               planned_schedule: {Q1: 20, Q2: 45}, region: '01'}\n")
    monkeypatch.chdir(tmp_path)  # not the file's folder
    runs = plan_runs(params_file=path, params={"tolerance": "0.5"})
    assert runs[0].source == folder / "data" / "doc.txt" and runs[0].slug == "first"
    assert runs[0].params == {"tolerance": 0.5, "extra_indicators": str(folder / "data" / "extra.csv"), "top": 7,
                              "spending_cumulative": True, "planned_schedule": {"Q1": 20, "Q2": 45},
                              "region": "01"}


def test_yaml_aliases_and_anchors_are_refused(tmp_path):
    for text, line in [("- &run {slug: a}\n- *run\n", 1),
                       ("- slug: a\n  parameters: &p {top: 3}\n- slug: b\n  parameters: *p\n", 2),
                       ("- slug: a\n  <<: *x\n", 2),
                       ("- slug: &s a\n", 1)]:
        with pytest.raises(RenjaError, match=rf"runs.yml:{line}: YAML anchors and aliases .* are not allowed"):
            plan_runs(params_file=write(tmp_path, text))


def test_a_yaml_alias_bomb_is_refused_by_the_alias_rule(tmp_path):
    lines = ['lol0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 12):  # 9**12 strings if expanded
        lines.append(f"lol{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    path = write(tmp_path, "\n".join(lines) + "\nruns: *a11\n")
    with pytest.raises(RenjaError, match=r"bomb.yml:1: YAML anchors and aliases"):
        _read_params_file(path.rename(tmp_path / "bomb.yml"))


def test_a_parameter_file_is_bounded_in_size_and_must_be_a_utf8_file(tmp_path):
    big = tmp_path / "big.yml"
    big.write_text("- slug: a\n" + "#" * P.MAX_TEXT * 101 + "\n", encoding="utf-8")
    with pytest.raises(RenjaError, match="big.yml: the parameter file is larger than 1 MB"):
        plan_runs(params_file=big)
    with pytest.raises(RenjaError, match="is a folder, expected a YAML parameter file"):
        plan_runs(params_file=tmp_path)
    with pytest.raises(RenjaError, match="parameter file not found"):
        plan_runs(params_file=tmp_path / "none.yml")
    with pytest.raises(RenjaError, match="not a regular file"):
        plan_runs(params_file="/dev/zero")
    latin = tmp_path / "latin.yml"
    latin.write_bytes(b"- slug: a\n- slug: caf\xe9\n")
    with pytest.raises(RenjaError, match=r"latin.yml:2: not UTF-8 text \(byte 0xe9\)"):
        plan_runs(params_file=latin)


def test_notebooks_named_in_quotes_keep_working(tmp_path):
    runs = plan_runs(params_file=write(tmp_path, "- notebooks: ['02', plan_changes]\n  slug: two\n"))
    assert [p.stem for p in runs[0].notebooks] == ["02_labour_indicators", "05_plan_changes"]



# ---------------------------------------------------------------- the README's parameter file, and paths as tried

EXAMPLE = PROJECT_ROOT / "examples" / "params.yml"


def test_the_readme_parameter_file_is_the_example_and_plans_from_the_project_root(monkeypatch):
    """The README's example is examples/params.yml, and it runs as written from the project root."""
    runs_text = "".join(line for line in EXAMPLE.read_text(encoding="utf-8").splitlines(keepends=True)
                        if not line.startswith("#"))
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Parameter files", 1)[1].split("\n### ", 1)[0]
    assert f"```yaml\n{runs_text}```" in section
    assert "renja report --params-file examples/params.yml" in section
    monkeypatch.chdir(PROJECT_ROOT)
    runs = plan_runs(params_file="examples/params.yml")
    assert [r.slug for r in runs] == ["pasuruan-2023-en", "pasuruan-2023-bps"]
    assert [r.source for r in runs] == [DEFAULT_SOURCE, DEFAULT_SOURCE]
    assert runs[0].params == {"lang": "en"} and len(runs[0].notebooks) == len(P.NOTEBOOKS)
    assert runs[1].params == {"extra_indicators": str(PROJECT_ROOT / "examples" / "extra_indicators.csv")}
    assert [nb.stem for nb in runs[1].notebooks] == ["02_labour_indicators"]


def test_paths_in_a_parameter_file_do_not_depend_on_the_current_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    from_elsewhere = plan_runs(params_file=EXAMPLE)
    monkeypatch.chdir(PROJECT_ROOT / "notebooks")
    assert plan_runs(params_file=Path("..") / "examples" / "params.yml") == from_elsewhere


def test_every_path_parameter_of_the_registry_is_made_absolute_before_anything_runs(tmp_path, monkeypatch):
    (tmp_path / "sub").mkdir()
    for name in ("extra.csv", "spend.csv", "dirs.csv", "apbd_2021.csv", "apbd_2022.csv", "bps.json"):
        (tmp_path / "sub" / name).write_text("a,b\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    given = {"extra_indicators": "sub/extra.csv", "spending_file": "sub/../sub/spend.csv",
             "directions_file": "./sub/dirs.csv", "city_budget_file": ["sub/apbd_2021.csv", "sub/apbd_2022.csv"],
             "bps_files": "sub/bps.json"}
    assert {name for name, p in REGISTRY.items() if p.is_path and not p.set_by_runner} == set(given)
    from_p = plan_runs(params=given)[0].params
    pf = write(tmp_path / "sub", "- parameters: {extra_indicators: extra.csv, spending_file: spend.csv, "
                                 "directions_file: dirs.csv, city_budget_file: [apbd_2021.csv, apbd_2022.csv], "
                                 "bps_files: bps.json}\n")
    from_file = plan_runs(params_file=pf)[0].params
    want = {name: str(tmp_path / "sub" / f"{stem}.csv") for name, stem in
            (("extra_indicators", "extra"), ("spending_file", "spend"), ("directions_file", "dirs"))}
    want["city_budget_file"] = [str(tmp_path / "sub" / "apbd_2021.csv"), str(tmp_path / "sub" / "apbd_2022.csv")]
    want["bps_files"] = str(tmp_path / "sub" / "bps.json")
    assert from_p == from_file == want
    one = plan_runs(params={"city_budget_file": "sub/apbd_2021.csv"})[0].params
    assert one == {"city_budget_file": str(tmp_path / "sub" / "apbd_2021.csv")}
    with pytest.raises(RenjaError, match=r"city_budget_file.*not found: .*sub/apbd_2020\.csv"):
        plan_runs(params={"city_budget_file": ["sub/apbd_2021.csv", "sub/apbd_2020.csv"]})


def test_a_source_is_named_as_tried_and_as_written(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(RenjaError) as info:
        plan_runs(["data/renja.txt"])
    assert info.value.path == str(tmp_path / "data" / "renja.txt")
    assert str(info.value) == (f"{tmp_path}/data/renja.txt: source document not found (written as "
                               "'data/renja.txt', read from the current folder)")
    assert info.value.render("id") == (f"{tmp_path}/data/renja.txt: dokumen sumber tidak ditemukan (ditulis "
                                       "'data/renja.txt', dibaca dari folder saat ini)")
    # a source that is there but empty: the reader's own message, with the path as written
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "renja.txt").write_text("\n", encoding="utf-8")
    with pytest.raises(RenjaError, match=r"^/.*/data/renja.txt: .*empty.* \(written as 'data/renja.txt'"):
        plan_runs(["data/renja.txt"])
    # an absolute path is said once
    with pytest.raises(RenjaError) as info:
        plan_runs([tmp_path / "none.txt"])
    assert str(info.value) == f"{tmp_path}/none.txt: source document not found"


def test_a_parameter_file_names_its_paths_as_tried_and_as_written(tmp_path, monkeypatch):
    folder = tmp_path / "runs"
    folder.mkdir()
    pf = write(folder, "- slug: a\n- source: data/renja.txt\n  slug: b\n"
                       "  parameters: {extra_indicators: bps.csv}\n")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(RenjaError) as info:
        plan_runs(params_file="runs/runs.yml")
    assert info.value.path == str(folder / "data" / "renja.txt")
    assert str(info.value) == (f"{folder}/data/renja.txt: source document not found (the source of run 2 in "
                               "runs/runs.yml, line 2, written as 'data/renja.txt': paths in a parameter file are "
                               "read from its folder)")
    assert info.value.render("id").endswith("(sumber run 2 di runs/runs.yml, baris 2, ditulis 'data/renja.txt': jalur "
                                    "dalam berkas parameter dibaca dari folder berkas itu)")
    (folder / "data").mkdir()
    (folder / "data" / "renja.txt").write_bytes(DEFAULT_SOURCE.read_bytes())
    with pytest.raises(RenjaError) as info:
        plan_runs(params_file="runs/runs.yml")
    assert str(info.value) == ("runs/runs.yml:4: run 2: parameter extra_indicators: expected the path of an "
                               f"existing, readable file, or none, got 'bps.csv' (not found: {folder}/bps.csv; "
                               "paths in a parameter file are read from its folder)")


def test_an_unreadable_file_is_named_as_tried_and_as_written(tmp_path, monkeypatch):
    (tmp_path / "extra.csv").write_text("x\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied", "extra.csv")

    monkeypatch.setattr(P, "open", refuse, raising=False)  # root reads everything: simulate the refusal
    with pytest.raises(EnvironmentFault) as info:
        REGISTRY["spending_file"].from_text("extra.csv")
    assert str(info.value) == (f"{tmp_path}/extra.csv: parameter spending_file ('extra.csv'): cannot read the "
                               "file: permission denied")
