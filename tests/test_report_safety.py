"""``renja report`` never deletes what it cannot prove it wrote, keeps the previous report when writing fails,
turns every bad ``--out``/``--timeout``/``index.json`` into one message, and cleans up after killed runs."""
from __future__ import annotations

import errno
import functools
import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from renja_lib.run import folders, pages, runner
from notebook_helpers import make_notebook
from renja_lib.write import workdirs
from renja_lib.cli import main
from renja_lib.errors import EnvironmentFault, RenjaError
from renja_lib.run.runner import MARKER, NOT_WRITTEN, NotebookResult, ReportRun, plan_runs, run_report


def tree(root: Path) -> dict[str, bytes | None]:
    """Every file (its bytes) and folder (None) under ``root``: a byte-for-byte picture."""
    return {str(p.relative_to(root)): (None if p.is_dir() else p.read_bytes()) for p in sorted(root.rglob("*"))}


def one_line_error(capsys) -> str:
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.startswith("renja: error:")]
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


@pytest.fixture()
def nbdir(tmp_path) -> Path:
    folder = tmp_path / "nbs"
    make_notebook(folder, "01_quick", "print('done')")
    return folder


@pytest.fixture()
def doc(tmp_path, raw_text) -> Path:
    path = tmp_path / "docs" / "renja_doc.txt"
    path.parent.mkdir()
    path.write_text(raw_text, encoding="utf-8")
    return path


def legacy_report(out: Path, slug: str, source: Path) -> None:
    """A report folder as the version before markers wrote it: report files only, listed in index.json."""
    folder = out / slug
    (folder / "figures").mkdir(parents=True)
    (folder / "01_quick.html").write_text("<p>old page</p>")
    (folder / "01_quick.ipynb").write_text('{"old": true}')
    (folder / "figures" / "old_chart.png").write_bytes(b"\x89PNG old")
    entry = {"source": str(source), "params": {}, "finished": "2024-01-01 00:00:00", "notebooks": [
        {"notebook": "01_quick", "status": "ok", "seconds": 1.5, "failing_cell": None, "error": None, "params": {}}]}
    (out / "index.json").write_text(json.dumps({"reports": {slug: entry}}))


# ---------------------------------------------------------------- 1. data loss: only what renja wrote is replaced

def test_report_named_like_a_users_folder_refuses_and_leaves_it_intact(tmp_path, raw_text, monkeypatch, capsys):
    """`renja report renja/renja.txt --out .`: the slug is `renja`, the folder holding the source."""
    project = tmp_path / "project"
    (project / "renja").mkdir(parents=True)
    (project / "renja" / "renja.txt").write_text(raw_text, encoding="utf-8")
    (project / "renja" / "notes.md").write_text("my notes\n")
    before = tree(project)
    monkeypatch.chdir(project)
    assert main(["report", "renja/renja.txt", "--out", ".", "--quiet"]) == 2  # in Indonesian, by default
    line = one_line_error(capsys)
    assert ("renja: error: renja: laporan 'renja' akan menggantikan folder ini, tetapi folder ini tidak ditulis "
            "oleh renja") in line
    assert "pilih --out lain" in line and "tidak ada yang dijalankan atau diubah" in line
    assert tree(project) == before  # byte for byte, and no index, staging or lock file either


def test_params_file_slug_data_at_the_project_root_keeps_data_raw(tmp_path, raw_text, capsys):
    project = tmp_path / "project"
    raw = project / "data" / "raw"
    raw.mkdir(parents=True)
    (raw / "renja_2023.txt").write_text(raw_text, encoding="utf-8")
    (raw / "renja_2023.meta.yml").write_text("checksum: abc\n")
    (project / "runs.yml").write_text("- source: data/raw/renja_2023.txt\n  slug: data\n")
    before = tree(project / "data")
    code = main(["report", "--params-file", str(project / "runs.yml"), "--out", str(project), "--quiet",
                 "--lang", "en"])
    assert code == 2
    line = one_line_error(capsys)
    assert f"{project / 'data'}: the report 'data' would replace this folder" in line
    assert "'raw/'" in line  # what is in the way
    assert tree(project / "data") == before
    assert not [p for p in project.iterdir() if p.name.startswith((".staging", "index."))]


def plan_one(nbdir: Path, source: Path, slug: str | None = None) -> list[ReportRun]:
    runs = plan_runs([source], notebooks_dir=nbdir)
    if slug is not None:
        runs = [ReportRun(slug, r.source, r.params, r.notebooks) for r in runs]
    return runs


@pytest.mark.parametrize("setup, found", [
    (lambda f: f.mkdir(), "no renja report marker"),                                   # an empty folder
    (lambda f: (f.mkdir(), (f / "a.html").write_text("mine")), "no renja report marker"),  # report-like, unlisted
    (lambda f: f.write_text("a file"), "it is a file"),
    (lambda f: (f.parent / "elsewhere").mkdir() or f.symlink_to(f.parent / "elsewhere"), "symbolic link"),
    # a marker that lists what a report does not hold is no proof
    (lambda f: (f.mkdir(), (f / "raw.txt").write_text("x"), (f / MARKER).write_text(json.dumps(
        {"tool": "renja report", "version": "0.1.0", "files": ["raw.txt"]}))), "an unreadable renja report marker"),
    # a valid marker, and a file of the user's beside the report's
    (lambda f: (f.mkdir(), (f / "01_quick.html").write_text("x"), (f / "todo.txt").write_text("x"),
                (f / MARKER).write_text(json.dumps({"tool": "renja report", "version": "0.1.0",
                                                    "files": ["01_quick.html"]}))), "'todo.txt'"),
    # listed in a valid index, but holding a user's file too (the legacy rule needs report files only)
    (lambda f: (legacy_report(f.parent, f.name, Path("x.txt")), (f / "figures" / "keep.csv").write_text("1")),
     "'figures/keep.csv'"),
    (lambda f: (legacy_report(f.parent, f.name, Path("x.txt")), (f / "notes").mkdir()), "'notes/'"),
    (lambda f: (legacy_report(f.parent, f.name, Path("x.txt")), (f / "02_other.html").write_text("x")),
     "'02_other.html'"),
])
def test_anything_renja_cannot_prove_it_wrote_is_refused_before_a_notebook_runs(nbdir, doc, tmp_path, monkeypatch,
                                                                                 setup, found):
    out = tmp_path / "out"
    out.mkdir()
    runs = plan_one(nbdir, doc)
    target = out / runs[0].slug
    setup(target)
    before = tree(out)
    started = []
    monkeypatch.setattr(runner._Runner, "worker", lambda *a: started.append(a))
    with pytest.raises(RenjaError) as info:
        run_report(runs, out, quiet=True)
    assert not isinstance(info.value, EnvironmentFault)
    assert info.value.path == str(target) and found in str(info.value) and "move that folder away" in str(info.value)
    assert not started
    assert tree(out) == before


def test_a_folder_that_appears_during_the_run_is_refused_at_swap_time(nbdir, doc, tmp_path):
    """The check is made again, under the lock, just before the swap."""
    out = tmp_path / "out"
    runs = plan_one(nbdir, doc)
    job = runner._Runner(runs, out, 1, False, None, True)
    job.check()
    staging = workdirs.OwnedDir(out, ".staging-")
    try:
        made = staging.path / runs[0].slug
        (made / "figures").mkdir(parents=True)
        (made / "01_quick.html").write_text("new")
        (out / runs[0].slug).mkdir()
        (out / runs[0].slug / "mine.txt").write_text("the user's")
        task = runner._Task(runs[0], runs[0].notebooks[0], made, NotebookResult(runs[0].slug, "01_quick", "ok"))
        job.swap([task], staging.path)
    finally:
        staging.remove()
    assert (out / runs[0].slug / "mine.txt").read_text() == "the user's"
    assert task.result.status == NOT_WRITTEN and "the new report was not put in place" in task.result.error_text("en")
    assert isinstance(job.faults[runs[0].slug], RenjaError)


@pytest.mark.parametrize("slug", ["..", ".", "index.json", "INDEX.HTML", ".hidden", "a/b", "", "x" * 300,
                                  MARKER, "a\0b", ".staging-x"])
def test_a_slug_that_is_not_a_plain_folder_name_is_refused(nbdir, doc, tmp_path, slug):
    out = tmp_path / "out"
    with pytest.raises(RenjaError, match="cannot use .* as a report folder name"):
        run_report(plan_one(nbdir, doc, slug), out, quiet=True)
    assert not (tmp_path / "index.json").exists() and not any(out.glob("*/"))


def test_an_index_page_renja_did_not_write_is_refused(nbdir, doc, tmp_path):
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("<html>my site</html>")
    with pytest.raises(RenjaError, match="index.html was not written by renja"):
        run_report(plan_one(nbdir, doc), out, quiet=True)
    assert (out / "index.html").read_text() == "<html>my site</html>"


@pytest.mark.slow
def test_a_report_of_the_older_version_is_replaced_and_fractional_timeouts_work(nbdir, doc, tmp_path):
    """No marker, but listed in index.json and holding only report files: still replaced. The run also uses
    --timeout 2.5 (nbclient wants whole seconds; the runner keeps the fraction)."""
    out = tmp_path / "out"
    out.mkdir()
    runs = plan_one(nbdir, doc)
    slug = runs[0].slug
    legacy_report(out, slug, doc)
    results = run_report(runs, out, quiet=True, timeout=2.5, jobs=1)
    assert [r.status for r in results] == ["ok"] and not results.faults
    folder = out / slug
    assert "done" in (folder / "01_quick.ipynb").read_text()
    assert not (folder / "figures" / "old_chart.png").exists()
    # the new folder carries its marker: exactly the files written, and it proves ownership next time
    marker = json.loads((folder / MARKER).read_text())
    assert marker["tool"] == "renja report" and marker["version"]
    assert set(marker["files"]) == {"01_quick.html", "01_quick.ipynb", f"{slug}.xlsx"}  # and the workbook
    assert folders.not_ours(folder, slug, {}) is None
    (folder / "figures" / "my_edit.csv").write_text("added by hand")
    assert "'figures/my_edit.csv'" in folders.not_ours(folder, slug, pages.read_index(out)).render("en")
    assert not [p for p in out.iterdir() if p.name.startswith((".staging", ".old"))]


# ---------------------------------------------------------------- 2. disk full: the previous report stays

@pytest.mark.slow
def test_disk_full_while_writing_keeps_the_previous_report_byte_for_byte(nbdir, doc, tmp_path, monkeypatch, capsys):
    out = tmp_path / "out"
    out.mkdir()
    slug = plan_one(nbdir, doc)[0].slug
    legacy_report(out, slug, doc)
    before, index_before = tree(out / slug), (out / "index.json").read_bytes()
    real = runner.atomic_write

    def full_disk(path, *a, **kw):
        if Path(path).suffix == ".html" and ".staging-" in str(path):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        return real(path, *a, **kw)

    monkeypatch.setattr(runner, "atomic_write", full_disk)
    monkeypatch.setattr(runner, "plan_runs", functools.partial(plan_runs, notebooks_dir=nbdir))
    assert main(["report", str(doc), "--out", str(out), "--quiet", "--jobs", "1"]) == 3  # in Indonesian, by default
    line = one_line_error(capsys)
    assert f"{out / slug}: berkas notebook 01_quick tidak dapat ditulis" in line
    assert "laporan sebelumnya dibiarkan seperti semula" in line and "disk penuh" in line
    assert tree(out / slug) == before
    assert json.loads((out / "index.json").read_bytes())["reports"] == json.loads(index_before)["reports"]
    assert not [p for p in out.iterdir() if p.name.startswith((".staging", ".old"))]


def test_a_failed_flush_is_not_swapped_in(nbdir, doc, tmp_path, monkeypatch):
    """fsync is part of writing: a run whose files cannot be flushed keeps the previous folder."""
    out = tmp_path / "out"
    out.mkdir()
    runs = plan_one(nbdir, doc)
    slug = runs[0].slug
    legacy_report(out, slug, doc)
    before = tree(out / slug)
    job = runner._Runner(runs, out, 1, False, None, True)
    staging = workdirs.OwnedDir(out, ".staging-")
    made = staging.path / slug
    made.mkdir()
    (made / "01_quick.html").write_text("new")
    (made / "01_quick.ipynb").write_text("{}")
    task = runner._Task(runs[0], runs[0].notebooks[0], made, NotebookResult(slug, "01_quick", "ok"))

    def no_space(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(runner.os, "fsync", no_space)
    try:
        job.swap([task], staging.path)
    finally:
        monkeypatch.undo()
        staging.remove()
    assert tree(out / slug) == before
    fault = job.faults[slug]
    assert isinstance(fault, EnvironmentFault) and "the disk is full" in str(fault)
    assert task.result.status == NOT_WRITTEN


def test_a_chart_that_hit_a_full_disk_in_the_kernel_is_a_write_fault():
    text = "RenjaError: chart file(s) could not be written: figures/a.png: [Errno 28] No space left on device"
    assert folders.write_fault_in_text(text).errno == errno.ENOSPC
    assert folders.write_fault_in_text("chart file(s) could not be written: [Errno 2] No such file") is None


# ---------------------------------------------------------------- 3. one message, never a traceback

@pytest.mark.parametrize("make_out, code, found", [
    (lambda t: (t / "afile").write_text("x") and t / "afile", 2, "is a file, not a folder"),
    (lambda t: (t / "afile").write_text("x") and t / "afile" / "sub", 2, "a part of the path is a file"),
    (lambda t: "", 2, "--out is empty"),
    (lambda t: "   ", 2, "--out is empty"),
    (lambda t: t / ("n" * 300), 2, "the file name is too long"),
    (lambda t: (t / "o").mkdir() or (t / "o" / "index.json").mkdir() or t / "o", 2, "not a regular file"),
])
def test_a_bad_out_gives_one_message_before_anything_runs(tmp_path, doc, capsys, make_out, code, found):
    out = make_out(tmp_path)
    assert main(["report", str(doc), "--out", str(out), "--quiet", "--lang", "en"]) == code
    assert found in one_line_error(capsys)


@pytest.mark.skipif(not Path("/sys").is_dir(), reason="needs a read-only /sys")
def test_an_unwritable_out_is_the_environment(doc, capsys):
    assert main(["report", str(doc), "--out", "/sys/renja-reports-test", "--quiet", "--lang", "en"]) == 3
    assert "cannot create the output folder" in one_line_error(capsys)


def test_an_out_where_no_file_can_be_created_is_the_environment(nbdir, doc, tmp_path, monkeypatch):
    """As root, permissions do not stop writes: the staging folder's creation stands in for the first write."""
    import tempfile

    real = tempfile.mkdtemp

    def denied(*a, prefix=None, dir=None, **kw):
        if prefix == ".staging-":
            raise PermissionError(errno.EACCES, "Permission denied", str(dir))
        return real(*a, prefix=prefix, dir=dir, **kw)

    monkeypatch.setattr(runner.tempfile, "mkdtemp", denied)
    started = []
    monkeypatch.setattr(runner._Runner, "worker", lambda *a: started.append(a))
    with pytest.raises(EnvironmentFault, match="permission denied"):
        run_report(plan_one(nbdir, doc), tmp_path / "out", quiet=True)
    assert not started


@pytest.mark.parametrize("value", ["inf", "-inf", "nan", "0", "-1", "1e400"])
def test_a_timeout_that_is_not_a_finite_positive_number_is_refused(doc, tmp_path, capsys, value):
    assert main(["report", str(doc), "--out", str(tmp_path / "out"), f"--timeout={value}", "--quiet",
                 "--lang", "en"]) == 2
    assert "--timeout must be a finite number of seconds above 0" in one_line_error(capsys)
    assert not (tmp_path / "out").exists()


def test_fractional_timeouts_give_nbclient_whole_seconds_above_them():
    assert runner._cell_timeout(2.5) == 33 and runner._cell_timeout(None) is None
    assert isinstance(runner._cell_timeout(1e15), int)
    assert runner._check_timeout(2.5) == 2.5


VALID_ENTRY = {"source": "x.txt", "params": {}, "notebooks": [
    {"notebook": "01_quick", "status": "ok", "seconds": 1.0, "failing_cell": None, "error": None, "params": {}}]}


@pytest.mark.parametrize("content", [
    b"[]", b'{"reports": []}', b'{"reports": {"x": 5}}', b"{not json", b"\x00\x01\xff\xfe binary", b"",
    b'"reports"', b"[" * 100_000, b'{"reports": {"doc": {"notebooks": "01_quick"}}}',
    b'{"reports": {"doc": {"notebooks": [{"notebook": 1, "status": "ok"}]}}}',
    b'{"reports": {"doc": {"notebooks": [{"notebook": "01_quick", "status": "ok", "seconds": "5"}]}}}',
    json.dumps({"reports": {"../doc": VALID_ENTRY, "index.json": VALID_ENTRY}}).encode(),
    "{\"reports\": {\"doc\": 5}} \u00e9".encode("utf-16"),
])
def test_an_index_renja_cannot_read_is_dropped_with_a_warning_and_proves_nothing(tmp_path, capsys, content):
    out = tmp_path / "out"
    (out / "doc" / "figures").mkdir(parents=True)
    (out / "doc" / "01_quick.html").write_text("page")
    (out / "index.json").write_bytes(content)
    assert pages.read_index(out, warn=True, lang="en") == {}
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("renja: warning: ") and "index.json" in err
    assert pages.read_index(out, warn=True) == {}  # in the reports' language, Indonesian by default
    assert capsys.readouterr().err.startswith("renja: peringatan: ")
    # an index that cannot be read never proves that a folder is renja's
    assert folders.not_ours(out / "doc", "doc", pages.read_index(out)) is not None
    # and writing the index over it works
    run = ReportRun("new", Path("x.txt"), {}, (Path("01_quick.ipynb"),))
    (out / "new").mkdir()
    pages.write_index(out, [run], [NotebookResult("new", "01_quick", "ok", 1.0)], "en")
    assert list(json.loads((out / "index.json").read_text())["reports"]) == ["new"]
    assert folders.is_our_index_page(out / "index.html")  # the next run may rewrite the page it wrote


def test_readable_entries_are_kept_and_only_the_others_dropped(tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    (out / "index.json").write_text(json.dumps({"reports": {"good": VALID_ENTRY, "bad": {"notebooks": [5]}}}))
    assert list(pages.read_index(out, warn=True, lang="en")) == ["good"]
    assert "1 entry renja cannot read ('bad') dropped" in capsys.readouterr().err
    (out / "index.json").write_text(json.dumps({"reports": {"good": VALID_ENTRY, "b1": 5, "b2": 5}}))
    assert list(pages.read_index(out, warn=True, lang="en")) == ["good"]
    assert "2 entries renja cannot read ('b1', 'b2') dropped" in capsys.readouterr().err
    assert list(pages.read_index(out, warn=True, lang="id")) == ["good"]
    assert "2 entri yang tidak dapat dibaca renja ('b1', 'b2') dibuang" in capsys.readouterr().err


# ---------------------------------------------------------------- 4. leftovers of killed runs, and the index lock

def test_stale_staging_folders_of_dead_runs_are_removed_and_others_left_alone(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    # a run that died: its lock file is there and nobody holds it
    dead = out / ".staging-dead"
    (dead / "doc").mkdir(parents=True)
    (dead / ".renja-lock").write_text("12345\n")
    # it died between moving the previous report aside and moving the new one in: the old one goes back
    (dead / ".old-kept").mkdir()
    (dead / ".old-kept" / "01_quick.html").write_text("previous report")
    # a run that is alive (the lock is held)
    alive = workdirs.OwnedDir(out, ".staging-")
    # not ours: no lock file, or not a folder
    foreign = out / ".staging-of-someone"
    foreign.mkdir()
    (foreign / "data.csv").write_text("1")
    (out / ".staging-link").symlink_to(dead)
    try:
        removed = folders.clean_stale(out, ".staging-", out)
        assert removed == [dead]
        assert not dead.exists() and alive.path.is_dir() and (foreign / "data.csv").exists()
        assert (out / "kept" / "01_quick.html").read_text() == "previous report"
    finally:
        alive.remove()
    assert not alive.path.exists()


def test_stale_kernel_folders_are_removed_when_a_run_starts(nbdir, doc, tmp_path, monkeypatch):
    import tempfile

    tmp = tmp_path / "tmp"
    tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp))
    dead = tmp / "renja-kernels-dead"
    (dead / "k1").mkdir(parents=True)
    (dead / ".renja-lock").write_text("1\n")
    other = tmp / "renja-kernels-not-ours"
    other.mkdir()
    out = tmp_path / "out"
    (out / ".staging-dead").mkdir(parents=True)
    (out / ".staging-dead" / ".renja-lock").write_text("1\n")
    runs = plan_one(nbdir, doc)
    (out / runs[0].slug).mkdir()  # a folder in the way: the run is refused, but only after cleaning up
    (out / runs[0].slug / "mine.txt").write_text("x")
    with pytest.raises(RenjaError, match="would replace this folder"):
        run_report(runs, out, quiet=True)
    assert not dead.exists() and other.exists() and not (out / ".staging-dead").exists()


def test_two_runs_updating_the_index_at_once_keep_both_entries(tmp_path, monkeypatch):
    out = tmp_path / "out"
    for slug in ("a", "b"):
        (out / slug).mkdir(parents=True)
    real = pages.read_index
    both_read = threading.Barrier(2, timeout=3)

    def slow_read(*a, **kw):  # each run reads, then waits for the other to read too (if it can)
        entries = real(*a, **kw)
        with _maybe_broken():
            both_read.wait()
        return entries

    monkeypatch.setattr(pages, "read_index", slow_read)
    errors = []

    def write(slug):
        try:
            run = ReportRun(slug, Path(f"{slug}.txt"), {}, (Path("01_quick.ipynb"),))
            pages.write_index(out, [run], [NotebookResult(slug, "01_quick", "ok", 1.0)], "en")
        except Exception as exc:  # pragma: no cover - shown in the assertion
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(s,)) for s in ("a", "b")]
    for th in threads:
        th.start()
    for th in threads:
        th.join(timeout=60)
    assert not errors
    assert sorted(json.loads((out / "index.json").read_text())["reports"]) == ["a", "b"]
    page = (out / "index.html").read_text()
    assert 'href="a/01_quick.html"' in page and 'href="b/01_quick.html"' in page


class _maybe_broken:
    """Under the lock the second run cannot read before the first has written: the barrier times out."""

    def __enter__(self):
        return self

    def __exit__(self, kind, exc, tb):
        return kind is threading.BrokenBarrierError


def test_the_index_lock_held_too_long_is_the_environment(tmp_path, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setattr(workdirs, "LOCK_WAIT_SECONDS", 0.2)
    with folders.out_lock(out):
        holder = []

        def try_lock():
            try:
                with folders.out_lock(out):
                    holder.append("got it")
            except EnvironmentFault as exc:
                holder.append(exc)

        th = threading.Thread(target=try_lock)
        th.start()
        th.join(timeout=30)
    assert isinstance(holder[0], EnvironmentFault) and "holds its lock" in str(holder[0])


@pytest.mark.slow
def test_after_sigkill_the_next_run_removes_the_leftovers(tmp_path, kernels_of):
    import psutil

    nbdir = tmp_path / "nbs"
    make_notebook(nbdir, "01_sleeps", "import time\ntime.sleep(300)")
    out, tmp = tmp_path / "out", tmp_path / "tmp"
    tmp.mkdir()
    env = {**os.environ, "RENJA_NOTEBOOKS_DIR": str(nbdir), "TMPDIR": str(tmp)}
    proc = subprocess.Popen([sys.executable, "-m", "renja_lib.cli", "report", "--quiet", "--out", str(out)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    kernels = kernels_of(proc)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    for k in kernels:  # the orphaned kernel of the killed run (started by this test's process tree)
        with _quiet_gone():
            k.kill()
    psutil.wait_procs(kernels, timeout=20)
    staging = [p for p in out.iterdir() if p.name.startswith(".staging-")]
    sockets = [p for p in tmp.iterdir() if p.name.startswith("renja-kernels-")]
    assert staging and sockets and (staging[0] / ".renja-lock").exists()
    # the next run cleans up before it runs anything (here it is then refused: a folder is in the way)
    (out / "renja-disnaker-kota-pasuruan-2023").mkdir()
    (out / "renja-disnaker-kota-pasuruan-2023" / "mine.txt").write_text("x")
    subprocess.run([sys.executable, "-m", "renja_lib.cli", "report", "--quiet", "--out", str(out)],
                   env=env, capture_output=True, timeout=120)
    assert not [p for p in out.iterdir() if p.name.startswith(".staging-")]
    assert not [p for p in tmp.iterdir() if p.name.startswith("renja-kernels-")]


class _quiet_gone:
    def __enter__(self):
        return self

    def __exit__(self, kind, exc, tb):
        import psutil

        return kind is not None and issubclass(kind, psutil.NoSuchProcess)


def test_the_index_page_of_the_older_version_is_recognised(tmp_path):
    """Pages written before the generator tag existed are still rewritten; a near miss is not."""
    for lang, title in (("id", "Laporan Renja"), ("en", "Renja reports")):
        page = tmp_path / f"{lang}.html"
        page.write_text(f'<!DOCTYPE html>\n<html lang="{lang}">\n<head><meta charset="utf-8"><title>{title}</title>\n'
                        "<style>\n</style></head>")
        assert folders.is_our_index_page(page)
    page.write_text('<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8"><title>My reports</title>\n')
    assert not folders.is_our_index_page(page)
