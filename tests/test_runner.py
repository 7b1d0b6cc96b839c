"""``renja report``: parameters checked before anything runs; kernels reused and reset; failures,
timeouts and interruptions handled; outputs reproducible and offline."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from notebook_helpers import make_notebook as shared_make_notebook
from renja_lib import RenjaError
from renja_lib.config import DEFAULT_SOURCE, PROJECT_ROOT
from renja_lib.run.runner import parse_assignments, plan_runs, run_report, slugify


def make_notebook(folder: Path, name: str, *cells: str, params: str = 'source = None\nlang = "id"\n'
                  'figures_dir = None\ncode = "00"\nyear = 2023\n') -> Path:
    """A notebook whose parameters cell also declares ``code`` and ``year``."""
    return shared_make_notebook(folder, name, *cells, params=params)


@pytest.fixture()
def nbdir(tmp_path) -> Path:
    folder = tmp_path / "notebooks"
    make_notebook(folder, "01_first", "import math\nvalue = math.sqrt(16)\nprint('code', repr(code), type(year).__name__)",
                  "from IPython.display import Markdown\nMarkdown(f'**{value:.1f}**')")
    make_notebook(folder, "02_second", "print(sorted(k for k in globals() if not k.startswith('_'))[:40])")
    return folder


# ---------------------------------------------------------------- checks before running

def test_optional_parameters_read_json_and_booleans():
    from renja_lib.run.plan import _typed

    spec = {"kind": "None"}
    assert _typed("false", spec) is False and _typed("none", spec) is None
    assert _typed('{"Q1": 20}', spec) == {"Q1": 20}
    assert _typed("01", spec) == "01" and _typed("01", {"kind": "str"}) == "01"
    assert _typed("2024", {"kind": "int"}) == 2024 and _typed("1.5", {"kind": "float"}) == 1.5
    with pytest.raises(RenjaError, match="not valid JSON"):
        _typed("{oops", spec)


def test_assignments_keep_text():
    assert parse_assignments(["code=01", "lang=en", "note=a=b"]) == {"code": "01", "lang": "en", "note": "a=b"}


@pytest.mark.parametrize("bad", ["novalue", "=x", "1x=2", "a b=1"])
def test_malformed_assignment_is_refused(bad):
    with pytest.raises(RenjaError, match="KEY=VALUE"):
        parse_assignments([bad])


def test_unknown_notebook_is_refused(nbdir):
    with pytest.raises(RenjaError, match="unknown notebook 'nope'.*01_first"):
        plan_runs(notebooks=["nope"], notebooks_dir=nbdir)


def test_unknown_parameter_is_refused(nbdir):
    with pytest.raises(RenjaError, match="unknown parameter 'colour'"):
        plan_runs(params={"colour": "red"}, notebooks_dir=nbdir)


def test_missing_source_is_refused(nbdir, tmp_path):
    with pytest.raises(RenjaError, match="source document not found"):
        plan_runs([tmp_path / "missing.txt"], notebooks_dir=nbdir)


def test_bad_lang_is_refused(nbdir):
    with pytest.raises(RenjaError, match="--lang"):
        plan_runs(lang="fr", notebooks_dir=nbdir)


def test_params_file_builds_slugs(nbdir, tmp_path):
    pf = tmp_path / "runs.yml"
    pf.write_text(f"- source: {DEFAULT_SOURCE}\n  parameters: {{lang: en}}\n"
                  f"- source: {DEFAULT_SOURCE}\n  parameters: {{code: '01'}}\n  notebooks: [01_first]\n")
    runs = plan_runs(params_file=pf, notebooks_dir=nbdir)
    assert [r.slug for r in runs] == ["renja-disnaker-kota-pasuruan-2023-lang-en",
                                      "renja-disnaker-kota-pasuruan-2023-code-01"]
    assert [len(r.notebooks) for r in runs] == [2, 1]
    assert runs[1].params == {"code": "01"}


def test_params_file_errors_name_the_file(nbdir, tmp_path):
    pf = tmp_path / "runs.yml"
    pf.write_text("- source: x\n  colour: red\n")
    with pytest.raises(RenjaError, match=r"runs.yml.*unknown key"):
        plan_runs(params_file=pf, notebooks_dir=nbdir)
    pf.write_text("- [unclosed\n")
    with pytest.raises(RenjaError, match=r"runs.yml:\d+: not valid YAML"):
        plan_runs(params_file=pf, notebooks_dir=nbdir)


def test_slugify():
    assert slugify("Renja 2024 / Kota Malang") == "renja-2024-kota-malang"


def test_a_run_built_by_hand_reaches_the_kernels_with_absolute_paths(tmp_path, monkeypatch):
    """Notebooks run in their staging folder: a relative path parameter would be read from there."""
    from renja_lib.run import runner
    from renja_lib.run.plan import ReportRun

    seen = []

    class Runner:
        def __init__(self, runs, *args):
            seen.extend(runs)
            self.faults = {}

        def execute(self):
            return []

    monkeypatch.setattr(runner, "_Runner", Runner)
    monkeypatch.setattr(runner, "write_index", lambda *args: None)
    monkeypatch.chdir(tmp_path)
    run = ReportRun("doc", Path("docs/renja.txt"), {"extra_indicators": "bps/tpt.csv", "region": "bps/tpt.csv",
                                                      "spending_file": str(tmp_path / "spend.csv")}, ())
    run_report([run], tmp_path / "out")
    assert seen == [ReportRun("doc", tmp_path / "docs" / "renja.txt",
                              {"extra_indicators": str(tmp_path / "bps" / "tpt.csv"), "region": "bps/tpt.csv",
                               "spending_file": str(tmp_path / "spend.csv")}, ())]


# ---------------------------------------------------------------- running (kernels)

@pytest.mark.slow
def test_run_reuses_a_reset_kernel_and_keeps_text_parameters(nbdir, tmp_path):
    runs = plan_runs(params={"code": "01", "year": "2024"}, notebooks_dir=nbdir)
    results = run_report(runs, tmp_path / "out", jobs=1, quiet=True)
    assert [r.status for r in results] == ["ok", "ok"]
    folder = tmp_path / "out" / runs[0].slug
    first = nbformat.read(folder / "01_first.ipynb", as_version=4)
    text = "".join(o.get("text", "") for c in first.cells for o in c.get("outputs", []))
    assert "code '01' int" in text  # text stays text ("01"), a number default gives a number
    second = nbformat.read(folder / "02_second.ipynb", as_version=4)
    names = "".join(o.get("text", "") for c in second.cells for o in c.get("outputs", []))
    assert "math" not in names and "value" not in names  # nothing leaks from the first notebook
    assert [c.execution_count for c in second.cells if c.cell_type == "code"] == [1, 2, 3]
    assert (folder / "01_first.html").exists() and (tmp_path / "out" / "index.html").exists()


@pytest.mark.slow
def test_a_notebook_that_forgets_an_import_fails_as_it_would_alone(tmp_path):
    nbdir = tmp_path / "nbs"
    make_notebook(nbdir, "01_imports", "import math")
    make_notebook(nbdir, "02_forgets", "x = 1", "math.sqrt(4)")
    make_notebook(nbdir, "03_fine", "print('still runs')")
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "renja_lib.cli", "report", "--quiet", "--out", str(out)],
        env={**os.environ, "RENJA_NOTEBOOKS_DIR": str(nbdir)}, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1
    assert "02_forgets: gagal pada sel kode 3: NameError: name 'math' is not defined" in proc.stderr
    assert "Traceback" not in proc.stderr
    slug = slugify(DEFAULT_SOURCE.stem)
    index = json.loads((out / "index.json").read_text())["reports"][slug]["notebooks"]
    assert [(n["notebook"], n["status"], n["failing_cell"]) for n in index] == [
        ("01_imports", "ok", None), ("02_forgets", "failed", 3), ("03_fine", "ok", None)]
    page = (out / slug / "02_forgets.html").read_text()
    assert "NameError" in page and "Notebook gagal" in page
    assert (out / slug / "02_forgets.ipynb").exists() and (out / slug / "03_fine.html").exists()
    assert "gagal" in (out / "index.html").read_text()


@pytest.mark.slow
def test_timeout_stops_a_notebook_and_the_run_goes_on(tmp_path):
    nbdir = tmp_path / "nbs"
    make_notebook(nbdir, "01_slow", "import time\ntime.sleep(120)")
    make_notebook(nbdir, "02_quick", "print('after the slow one')")
    runs = plan_runs(notebooks_dir=nbdir)
    t0 = time.monotonic()
    results = run_report(runs, tmp_path / "out", timeout=3, quiet=True)
    assert time.monotonic() - t0 < 60
    assert [r.status for r in results] == ["timeout", "ok"]
    assert "time limit of 3 s" in results[0].error_text("en")
    assert "batas waktu 3 s" in results[0].error_text("id")


@pytest.mark.slow
def test_two_runs_give_byte_identical_outputs(nbdir, tmp_path):
    make_notebook(nbdir, "03_chart", "import matplotlib\nmatplotlib.use('Agg')\n"
                  "from matplotlib.figure import Figure\nfrom renja_lib.present import sentences\n"
                  "fig = Figure(); fig.add_subplot().plot([1, 2], [3, 4])\nsentences.chart(fig, 'line', figures_dir)")
    runs = plan_runs(notebooks_dir=nbdir)
    for out in ("a", "b"):
        run_report(runs, tmp_path / out, quiet=True)

    def files(root: Path) -> dict[str, bytes]:
        return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
                if p.is_file() and p.name not in ("index.html", "index.json")}

    a, b = files(tmp_path / "a"), files(tmp_path / "b")
    slug = runs[0].slug
    assert {f"{slug}/figures/line.png", f"{slug}/figures/line.svg", f"{slug}/03_chart.html"} <= set(a)
    assert a == b
    nb = (tmp_path / "a" / slug / "03_chart.ipynb").read_text()
    assert "start_time" not in nb and str(tmp_path) not in nb
    assert 'alt="line"' in (tmp_path / "a" / slug / "03_chart.html").read_text()  # the chart's name: no title


def test_every_image_in_a_page_has_alt_text():
    """A chart shown without narrative.chart (no alt text of its own) is still described, in the page's
    language; an image that brought its alt text keeps it."""
    from nbformat.v4 import new_output

    from renja_lib.run.pages import HtmlWriter

    png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGP4DwABAQEAWk1v8QAAAABJRU5ErkJggg=="
    for lang, alt in (("id", "Gambar tanpa keterangan"), ("en", "Image without a description")):
        cell = new_code_cell("plt.show()", id="c0", outputs=[
            new_output("display_data", data={"image/png": png}),
            new_output("display_data", data={"image/png": png}, metadata={"image/png": {"alt": "TPT 2019-2023"}})])
        page = HtmlWriter(with_code=False).page(new_notebook(cells=[cell]), "t", lang, None)
        assert page.count("<img") == 2
        assert page.count(f'alt="{alt}"') == 1 and page.count('alt="TPT 2019-2023"') == 1


def first_good_run(tmp_path: Path) -> tuple[Path, Path, dict[str, str], list[str], str]:
    """A one-notebook report run through the command line that succeeds; returns what a second run needs."""
    nbdir = tmp_path / "nbs"
    make_notebook(nbdir, "01_quick", "print('done')")
    out = tmp_path / "out"
    env = {**os.environ, "RENJA_NOTEBOOKS_DIR": str(nbdir)}
    cmd = [sys.executable, "-m", "renja_lib.cli", "report", "--quiet", "--out", str(out)]
    assert subprocess.run(cmd, env=env, capture_output=True, timeout=300).returncode == 0
    return nbdir, out, env, cmd, slugify(DEFAULT_SOURCE.stem)


@pytest.mark.slow
def test_interrupted_run_keeps_previous_reports_and_leaves_no_kernel(tmp_path, kernels_of):
    import psutil

    nbdir, out, env, cmd, slug = first_good_run(tmp_path)
    before = (out / slug / "01_quick.html").read_bytes()
    make_notebook(nbdir, "01_quick", "import time\ntime.sleep(300)")
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    kernels = kernels_of(proc)
    time.sleep(2)
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=60)
    assert proc.returncode != 0
    psutil.wait_procs(kernels, timeout=20)
    assert not [k for k in kernels if k.is_running() and k.status() != psutil.STATUS_ZOMBIE]
    assert (out / slug / "01_quick.html").read_bytes() == before
    assert not [p for p in out.iterdir() if p.name.startswith((".staging", ".old"))]


@pytest.mark.slow
def test_kernels_talk_over_ipc_not_tcp(tmp_path):
    from renja_lib.run.kernels import Kernel

    kernel = Kernel(tmp_path)
    try:
        info = kernel.km.get_connection_info()
        assert info["transport"] == "ipc"
        assert str(info["ip"]).startswith(str(tmp_path))
    finally:
        kernel.shutdown()


@pytest.mark.slow
def test_jobs_run_documents_in_parallel_with_the_same_results(nbdir, tmp_path, raw_text):
    docs = []
    for i in range(2):
        d = tmp_path / f"renja_copy_{i}.txt"
        d.write_text(raw_text, encoding="utf-8")
        docs.append(d)
    runs = plan_runs(docs, notebooks_dir=nbdir)
    parallel = run_report(runs, tmp_path / "par", jobs=2, quiet=True)
    serial = run_report(runs, tmp_path / "ser", jobs=1, quiet=True)
    assert [r.status for r in parallel] == ["ok"] * 4
    for run in runs:
        for nb in ("01_first", "02_second"):
            assert (tmp_path / "par" / run.slug / f"{nb}.ipynb").read_bytes() == \
                (tmp_path / "ser" / run.slug / f"{nb}.ipynb").read_bytes()
    assert [(r.slug, r.notebook) for r in parallel] == [(r.slug, r.notebook) for r in serial]


@pytest.mark.slow
def test_with_code_shows_the_code(nbdir, tmp_path):
    runs = plan_runs(notebooks=["01_first"], notebooks_dir=nbdir)
    run_report(runs, tmp_path / "hidden", quiet=True)
    run_report(runs, tmp_path / "shown", quiet=True, with_code=True)
    hidden = (tmp_path / "hidden" / runs[0].slug / "01_first.html").read_text()
    shown = (tmp_path / "shown" / runs[0].slug / "01_first.html").read_text()
    assert 'class="input_area"' in shown and "sqrt" in shown
    assert 'class="input_area"' not in hidden and "sqrt" not in hidden


@pytest.mark.slow
def test_progress_bar_on_a_terminal_and_quiet_otherwise(nbdir, tmp_path):
    import pty

    env = {**os.environ, "RENJA_NOTEBOOKS_DIR": str(nbdir)}
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "renja_lib.cli", "report", "--out", str(tmp_path / "tty")],
                            env=env, stdout=subprocess.PIPE, stderr=slave)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 4096)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=300)
    os.close(master)
    shown = b"".join(chunks).decode(errors="replace")
    assert proc.returncode == 0
    assert "renja report" in shown and "2/2" in shown and "gagal 0" in shown  # the report's language
    quiet = subprocess.run([sys.executable, "-m", "renja_lib.cli", "report", "--out", str(tmp_path / "pipe")],
                           env=env, capture_output=True, text=True, timeout=300)
    assert quiet.returncode == 0 and quiet.stderr == ""  # not a terminal: no progress bar


@pytest.mark.slow
def test_a_kernel_that_cannot_start_leaves_previous_reports_and_says_why(tmp_path):
    nbdir, out, env, cmd, slug = first_good_run(tmp_path)
    before = {p.name: p.read_bytes() for p in (out / slug).iterdir() if p.is_file()}
    index_before = json.loads((out / "index.json").read_text())["reports"][slug]
    # a kernel spec whose python does not exist (JUPYTER_PATH comes first in the search)
    spec = tmp_path / "jupyter" / "kernels" / "python3"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [str(tmp_path / "no-such-python"), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3", "language": "python"}))
    proc = subprocess.run(cmd, env={**env, "JUPYTER_PATH": str(tmp_path / "jupyter")}, capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 1
    assert f"{slug}/01_quick: tidak dijalankan: kernel notebook tidak dapat dimulai (FileNotFoundError" in proc.stderr
    assert "no-such-python" in proc.stderr and "Traceback" not in proc.stderr
    assert {p.name: p.read_bytes() for p in (out / slug).iterdir() if p.is_file()} == before
    assert json.loads((out / "index.json").read_text())["reports"][slug] == index_before
    assert not [p for p in out.iterdir() if p.name.startswith((".staging", ".old"))]


@pytest.mark.slow
def test_a_chart_file_that_cannot_be_written_fails_its_notebook(tmp_path):
    nbdir = tmp_path / "nbs"
    make_notebook(nbdir, "01_chart",
                  "from pathlib import Path\nfrom matplotlib.figure import Figure\n"
                  "from renja_lib.present import figure_files, sentences\n"
                  "real = figure_files._png_job\n"
                  "figure_files._png_job = lambda target, *a: real(Path('gone') / target.name, *a)  # folder missing\n"
                  "fig = Figure(); fig.add_subplot().plot([1, 2], [2, 1])\nsentences.chart(fig, 'line', figures_dir)",
                  "figure_files._png_job = real")
    make_notebook(nbdir, "02_after", "print('still runs')")
    results = run_report(plan_runs(notebooks_dir=nbdir), tmp_path / "out", jobs=1, quiet=True)
    assert [r.status for r in results] == ["failed", "ok"]
    assert "berkas grafik tidak dapat ditulis" in results[0].error and "line.png" in results[0].error
    slug = results[0].slug
    assert (tmp_path / "out" / slug / "figures" / "line.svg").exists()
    assert not (tmp_path / "out" / slug / "figures" / "line.png").exists()


def test_default_jobs_is_the_usable_cores_at_most_four(monkeypatch):
    from renja_lib.run import runner

    monkeypatch.setattr(runner.os, "sched_getaffinity", lambda pid: set(range(16)), raising=False)
    assert runner.default_jobs() == 4
    monkeypatch.setattr(runner.os, "sched_getaffinity", lambda pid: {3}, raising=False)
    assert runner.default_jobs() == 1
    monkeypatch.setattr(runner.os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    assert runner.default_jobs() == 2


def two_documents_three_notebooks(nbdir: Path, tmp_path: Path, raw_text: str) -> tuple[list, list]:
    """The runs and the tasks (in the given order) of three notebooks on two documents."""
    from renja_lib.run.runner import NotebookResult, _Task

    make_notebook(nbdir, "03_third", "pass")
    other = tmp_path / "other_doc.txt"
    other.write_text(raw_text, encoding="utf-8")
    runs = plan_runs([DEFAULT_SOURCE, other], notebooks_dir=nbdir)
    return runs, [_Task(run, nb, tmp_path, NotebookResult(run.slug, nb.stem)) for run in runs for nb in run.notebooks]


def test_parallel_runs_start_the_notebooks_that_took_longest_last_time(nbdir, tmp_path, raw_text):
    from renja_lib.run.runner import _Task, _TaskPool

    runs, tasks = two_documents_three_notebooks(nbdir, tmp_path, raw_text)
    names = lambda ordered: [(t.run.slug, t.notebook.stem) for t in ordered]  # noqa: E731

    def handed_out(pool: _TaskPool) -> list[_Task]:
        return list(iter(pool.get, None))

    out = tmp_path / "out"
    out.mkdir()
    assert names(handed_out(_TaskPool(tasks, out, ordered=False))) == names(tasks)  # no earlier run: as given
    (out / "index.json").write_text("not json")
    assert names(handed_out(_TaskPool(tasks, out, ordered=False))) == names(tasks)
    first, second = runs[0].slug, runs[1].slug
    (out / "index.json").write_text(json.dumps({"reports": {first: {"notebooks": [
        {"notebook": "01_first", "status": "ok", "seconds": 1.0},
        {"notebook": "02_second", "status": "ok", "seconds": 5.0},
        {"notebook": "03_third", "status": "failed", "seconds": 9.0}]}}}))
    # 03 was never timed (its run failed): first; then 02 (5 s), then 01 (1 s); the other document
    # takes the times of the same notebooks
    assert names(handed_out(_TaskPool(tasks, out, ordered=False))) == [
        (first, "03_third"), (second, "03_third"), (first, "02_second"), (second, "02_second"),
        (first, "01_first"), (second, "01_first")]
    # one worker: the given order, whatever the last run took
    assert names(handed_out(_TaskPool(tasks, out, ordered=True))) == names(tasks)


def test_a_first_parallel_run_learns_run_times_from_its_first_document(nbdir, tmp_path, raw_text):
    from renja_lib.run.runner import _TaskPool

    _, tasks = two_documents_three_notebooks(nbdir, tmp_path, raw_text)
    pool = _TaskPool(tasks, tmp_path / "no-earlier-run", ordered=False)
    first = [pool.get() for _ in range(3)]  # nothing timed yet: the first document, in order
    assert [t.notebook.stem for t in first] == ["01_first", "02_second", "03_third"]
    for task, seconds, status in zip(first, (1.0, 5.0, 3.0), ("ok", "ok", "failed")):
        task.result.status, task.result.seconds = status, seconds
        pool.done(task)
    # 03 failed, so its time says nothing: still expected long; then 02 (5 s), then 01 (1 s)
    assert [t.notebook.stem for t in iter(pool.get, None)] == ["03_third", "02_second", "01_first"]


@pytest.mark.slow
def test_the_readme_parameter_file_runs_as_written_from_the_project_root(tmp_path, monkeypatch):
    """examples/params.yml: its relative extra_indicators reaches notebook 02 as the file beside it, not a path
    read from the report's staging folder."""
    monkeypatch.chdir(PROJECT_ROOT)
    runs = [r for r in plan_runs(params_file="examples/params.yml") if r.slug == "pasuruan-2023-bps"]
    results = run_report(runs, tmp_path / "out", jobs=1, quiet=True)
    assert [(r.notebook, r.status, r.error) for r in results] == [("02_labour_indicators", "ok", None)]
    assert results[0].params["extra_indicators"] == str(PROJECT_ROOT / "examples" / "extra_indicators.csv")
    executed = (tmp_path / "out" / "pasuruan-2023-bps" / "02_labour_indicators.ipynb").read_text(encoding="utf-8")
    assert "Provinsi Jawa Timur" in executed  # the example's other region, read from the file
