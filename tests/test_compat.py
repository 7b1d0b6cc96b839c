"""Other libraries' private internals (renja_lib._compat): each one works with the installed version, and
each falls back to the public API when the private name is gone (simulated here). Fast: no kernel runs."""
from __future__ import annotations

import re
import sys
import tomllib
from types import SimpleNamespace

import numpy as np
import pytest
from matplotlib.figure import Figure

from renja_lib import _compat
from renja_lib.config import PROJECT_ROOT
from renja_lib.run import _kernel_reset, kernels


def test_every_library_whose_internals_are_used_has_an_upper_bound_the_tested_version_meets():
    from packaging.requirements import Requirement

    deps = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    reqs = {Requirement(d).name.lower(): Requirement(d) for d in deps}
    for name, version in _compat.TESTED_WITH.items():
        if name == "jsonschema":  # only kept from importing an optional package: no bound needed
            continue
        spec = reqs[name].specifier
        assert any(s.operator == "<" for s in spec), name
        assert spec.contains(version), (name, version)


# ---------------------------------------------------------------- papermill

@pytest.fixture()
def fresh_engine(monkeypatch):
    monkeypatch.setattr(_compat, "_ENGINE_REGISTERED", False)


def test_the_reused_kernel_engine_is_registered_with_papermill(fresh_engine):
    from papermill.engines import NBClientEngine, papermill_engines

    name = _compat.reused_kernel_engine()
    assert name == _compat.ENGINE_NAME
    engine = papermill_engines.get_engine(name)
    assert issubclass(engine, NBClientEngine)
    assert _compat.reused_kernel_engine() == name  # registered once


def test_without_papermill_s_client_the_runner_uses_papermill_s_own_engine(fresh_engine, monkeypatch):
    from papermill import clientwrap
    from papermill.engines import papermill_engines

    monkeypatch.delattr(clientwrap, "PapermillNotebookClient")
    assert _compat.reused_kernel_engine() == _compat.FALLBACK_ENGINE_NAME
    assert papermill_engines.get_engine(_compat.FALLBACK_ENGINE_NAME) is not None


def test_import_tooling_gives_the_engine_name(fresh_engine):
    assert kernels.import_tooling() == _compat.ENGINE_NAME


# ---------------------------------------------------------------- jsonschema

def test_the_slow_optional_import_is_kept_out_and_notebooks_still_validate(monkeypatch):
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    monkeypatch.delitem(sys.modules, "rfc3987_syntax", raising=False)
    _compat.hide_slow_optional_import()
    assert sys.modules["rfc3987_syntax"] is None
    with pytest.raises(ImportError):
        import rfc3987_syntax  # noqa: F401
    nbformat.validate(new_notebook(cells=[new_code_cell("x = 1", id="c0")]))


# ---------------------------------------------------------------- IPython

@pytest.fixture()
def shell(monkeypatch):
    import builtins

    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config

    # IPython leaves ``_`` alone when builtins already has one (doctests run earlier in this process set it);
    # a kernel starts without it
    monkeypatch.delattr(builtins, "_", raising=False)

    config = Config()
    config.HistoryManager.enabled = False
    ip = InteractiveShell(config=config)
    for code in ("x = 41", "x + 1", "x + 2"):
        ip.run_cell(code, store_history=True)
    assert ip.user_ns["Out"] and ip.user_ns["_"] == 43 and len(ip.user_ns["In"]) > 1
    yield ip
    ip.clear_instance()


def _is_fresh(ip) -> bool:
    ns = ip.user_ns
    return (not ns["Out"] and ns["_"] == ns["__"] == ns["___"] == "" and ns["In"] == [""]
            and ip.displayhook._ == "" and not ip.history_manager.output_hist)


def test_a_shell_s_outputs_and_inputs_are_forgotten(shell):
    _compat.forget_outputs(shell)
    _compat.clear_input_history(shell)
    assert _is_fresh(shell)
    assert shell.history_manager.input_hist_raw == [""]


def test_without_the_display_hook_s_cache_names_its_public_flush_is_used(shell, monkeypatch):
    monkeypatch.delattr(shell.displayhook, "___")
    flushed = []
    real = shell.displayhook.flush
    monkeypatch.setattr(shell.displayhook, "flush", lambda: flushed.append(1) or real())
    _compat.forget_outputs(shell)
    assert flushed and not shell.user_ns["Out"] and shell.user_ns["_"] == ""


def test_without_the_history_lists_the_public_reset_is_used():
    calls = []
    history = SimpleNamespace(reset=lambda new_session: calls.append(new_session))
    ip = SimpleNamespace(user_ns={"In": ["", "x = 1"]}, history_manager=history)
    _compat.clear_input_history(ip)
    assert calls == [False] and ip.user_ns["In"] == [""]


def test_preload_skips_modules_that_are_not_there():
    _kernel_reset.preload(("json", "renja_lib.no_such_module", "renja_lib.errors.no_such", "no_such_package.x",
                           "renja_lib.no_such.*", "renja_lib.text.*"))
    assert "json" in sys.modules and "renja_lib.no_such_module" not in sys.modules
    assert "renja_lib.text.formats" in sys.modules


def test_every_preloaded_renja_lib_module_exists():
    """The kernels' preload list follows the package (a renamed module would be skipped silently)."""
    import importlib.util

    missing = [m for m in kernels.PRELOAD if m.startswith("renja_lib")
               and importlib.util.find_spec(m.removesuffix(".*")) is None]
    assert not missing


# ---------------------------------------------------------------- matplotlib

def _figure() -> Figure:
    fig = Figure(figsize=(2, 1))
    fig.add_subplot().plot([0, 1], [1, 0])
    return fig


def test_matplotlib_hands_over_the_pixels_it_draws():
    import io

    image = _compat.capture_rgba(_figure(), 50)
    assert image is not None and image.dtype == np.uint8 and image.shape == (50, 100, 4)
    raw = io.BytesIO()
    _figure().savefig(raw, format="rgba", dpi=50)
    assert image.tobytes() == raw.getvalue()


def test_pixels_handed_over_another_way_give_none(monkeypatch):
    monkeypatch.setattr(_compat.RgbaCapture, "write", lambda self, data: len(bytes(data)))
    assert _compat.capture_rgba(_figure(), 50) is None


def test_the_fallback_png_holds_the_same_pixels(tmp_path, monkeypatch):
    from PIL import Image

    from renja_lib.present import figure_files

    fast = figure_files.save(_figure(), "fast", tmp_path)["png"]
    monkeypatch.setattr(_compat.RgbaCapture, "write", lambda self, data: len(bytes(data)))
    slow = figure_files.save(_figure(), "slow", tmp_path)["png"]
    with Image.open(fast) as a, Image.open(slow) as b:
        assert np.array_equal(np.asarray(a.convert("RGBA")), np.asarray(b.convert("RGBA")))


# ---------------------------------------------------------------- nbconvert

def test_pages_are_made_by_nbconvert_s_own_html_exporter():
    """No private nbconvert internals: the page writer uses HTMLExporter as it is (its BeautifulSoup pass
    included)."""
    from nbconvert import HTMLExporter

    from renja_lib.run.pages import HtmlWriter

    assert type(HtmlWriter(with_code=False).exporter) is HTMLExporter
    source = (PROJECT_ROOT / "renja_lib" / "run" / "pages.py").read_text()
    assert not re.search(r"\._[a-z]\w*\(", source.split('"""', 2)[2].replace("self._", "self."))
