"""Helpers the tests share for notebooks: a small notebook written to a folder, and the text a run printed."""
from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_notebook

#: The parameters cell of :func:`make_notebook` unless a test gives its own.
DEFAULT_PARAMS = 'source = None\nlang = "id"\nfigures_dir = None\n'


def make_notebook(folder: Path, name: str, *cells: str, params: str = DEFAULT_PARAMS) -> Path:
    """``folder/name.ipynb``: a parameters cell (``params``), then one code cell per string of ``cells``."""
    p = new_code_cell(params, id="parameters")
    p.metadata["tags"] = ["parameters"]
    nb = new_notebook(cells=[p] + [new_code_cell(c, id=f"c{i}") for i, c in enumerate(cells)])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.ipynb"
    nbformat.write(nb, path)
    return path


def outputs_text(nb) -> str:
    """Every text an executed notebook's cells printed or displayed (stream text and ``text/*`` data), joined."""
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            parts.append(out.get("text", ""))
            parts.extend(str(v) for k, v in out.get("data", {}).items() if k.startswith("text/"))
    return "\n".join(parts)
