"""The project's own promises: two commands, dependency lists in step, raw data unchanged."""
import hashlib
import os
import re
import subprocess
import tomllib
from pathlib import Path

import yaml

from renja_lib.config import DEFAULT_SOURCE, PROJECT_ROOT


def _name_and_spec(req: str) -> tuple[str, str]:
    m = re.match(r"^\s*([A-Za-z0-9_.\-\[\]]+)\s*(.*)$", req)
    name = re.sub(r"\[.*\]", "", m.group(1)).lower().replace("_", "-")
    return name, m.group(2).replace(" ", "")


def test_environment_yml_is_in_step_with_pyproject():
    pyproject = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())
    wanted = dict(_name_and_spec(r) for r in pyproject["project"]["dependencies"])
    wanted.update(_name_and_spec(r) for r in pyproject["project"]["optional-dependencies"]["dev"])
    env = yaml.safe_load((PROJECT_ROOT / "environment.yml").read_text())
    conda = dict(_name_and_spec(d) for d in env["dependencies"]
                 if isinstance(d, str) and d != "pip" and not d.startswith("python="))
    pip = [d for d in env["dependencies"] if isinstance(d, dict)][0]["pip"]
    conda.update(_name_and_spec(d) for d in pip if not d.startswith("-e"))
    assert conda == wanted
    assert "python=3.11" in env["dependencies"]


def test_readme_gives_the_two_commands():
    readme = (PROJECT_ROOT / "README.md").read_text()
    quick = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"^(?:\$ )?(make \w+)\s*$", quick, re.M)
    assert commands == ["make report", "make test"]
    ci = (PROJECT_ROOT / ".ci" / "run").read_text()
    assert "make test" in ci


def test_make_help_lists_every_target():
    out = subprocess.run(["make", "-s", "help"], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True).stdout
    makefile = (PROJECT_ROOT / "Makefile").read_text()
    targets = re.findall(r"^([a-z][\w-]*):.*## ", makefile, re.M)
    assert {"report", "test", "lab", "help"} <= set(targets)
    for target in targets:
        assert f"make {target}" in out


def test_raw_document_is_unchanged():
    meta = yaml.safe_load(DEFAULT_SOURCE.with_name(DEFAULT_SOURCE.stem + ".meta.yml").read_text())
    digest = hashlib.sha256(DEFAULT_SOURCE.read_bytes()).hexdigest()
    assert digest == meta["sha256"] == "2a84eec75c846f407ec951d5fa19069e4af6933239b15601b59d27fa2eb169ce"


def _make_lab(tmp_path: Path, uid: str | None, *args: str) -> str:
    """The command ``make -n lab`` would run, with ``id -u`` answering ``uid`` (None: the real one)."""
    env = dict(os.environ)
    if uid is not None:
        fake = tmp_path / f"bin-{uid}"
        fake.mkdir(exist_ok=True)
        (fake / "id").write_text(f"#!/bin/sh\necho {uid}\n", encoding="utf-8")
        (fake / "id").chmod(0o755)
        env["PATH"] = f"{fake}{os.pathsep}{env['PATH']}"
    out = subprocess.run(["make", "-n", "lab", *args], cwd=PROJECT_ROOT, capture_output=True, text=True, env=env,
                         check=True).stdout
    return [line for line in out.splitlines() if "jupyter lab" in line][-1]


def test_make_lab_adds_allow_root_only_as_root_and_passes_jupyter_args(tmp_path):
    """JupyterLab refuses root without --allow-root (containers, WSL): make lab adds it for uid 0 only."""
    assert _make_lab(tmp_path, "0").endswith("/jupyter lab --allow-root notebooks/")
    assert _make_lab(tmp_path, "1000").endswith("/jupyter lab notebooks/")
    assert _make_lab(tmp_path, "0", "JUPYTER_ARGS=--no-browser --port=8899").endswith(
        "/jupyter lab --allow-root --no-browser --port=8899 notebooks/")
    assert _make_lab(tmp_path, "1000", "JUPYTER_ARGS=--no-browser").endswith("/jupyter lab --no-browser notebooks/")
    # given by the user too: once
    assert _make_lab(tmp_path, "0", "JUPYTER_ARGS=--allow-root").endswith("/jupyter lab --allow-root notebooks/")
    # the real user of this test run
    root = os.geteuid() == 0
    assert ("--allow-root" in _make_lab(tmp_path, None)) == root


def test_the_readme_says_which_platforms_are_supported_and_how_make_lab_runs():
    readme = (PROJECT_ROOT / "README.md").read_text()
    platforms = readme.split("## Platforms", 1)[1].split("\n## ", 1)[0]
    for word in ("**Linux**", "**macOS**", "**Windows**", "WSL", "Native Windows is not supported", "fcntl", "IPC"):
        assert word in platforms
    quick = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    assert "JUPYTER_ARGS" in quick and "--allow-root" in quick
    # what the README gives as the reason native Windows is not supported is still so (else: say it works)
    assert "import fcntl" in (PROJECT_ROOT / "renja_lib" / "write" / "workdirs.py").read_text()
    assert 'transport="ipc"' in (PROJECT_ROOT / "renja_lib" / "run" / "kernels.py").read_text()
