"""A notebook in the report's language: its Markdown written in pairs, one cell per language, and a report
keeping only its own.

The notebooks explain themselves in Markdown cells (the question, the method, the caveats), written twice:
a cell tagged ``lang-id`` (Indonesian) and the next tagged ``lang-en`` (English, the same meaning). In
JupyterLab an analyst sees both; a report in language ``lang`` shows one: before the runner executes a
notebook it drops the Markdown cells tagged for another language (:func:`keep_language`). Untagged
Markdown and every code cell stay. ``tests/test_notebook_text.py`` checks the pairs.

>>> nb = {"cells": [{"cell_type": "markdown", "metadata": {"tags": ["lang-id"]}, "source": "Pertanyaan"},
...                 {"cell_type": "markdown", "metadata": {"tags": ["lang-en"]}, "source": "Question"},
...                 {"cell_type": "code", "metadata": {}, "source": "x = 1"}], "metadata": {}}
>>> [c["source"] for c in keep_language(nb, "en")["cells"]]
['Question', 'x = 1']
"""
from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from ..text import check_lang

__all__ = ["LANG_TAG_PREFIX", "language_tag", "cell_languages", "keep_language", "read_in_language"]

#: A Markdown cell written for one language is tagged ``lang-<code>`` (``lang-id``, ``lang-en``).
LANG_TAG_PREFIX = "lang-"


def language_tag(lang: str) -> str:
    """The tag of a Markdown cell written in ``lang``.

    >>> language_tag("en")
    'lang-en'
    """
    return LANG_TAG_PREFIX + check_lang(lang)


def cell_languages(cell: Any) -> set[str]:
    """The languages a cell is tagged with (``lang-id`` -> ``"id"``); empty for a cell for every language.

    A tag naming a language the project does not have (``lang-fr``) counts too: such a cell is for no report.
    """
    tags = (cell.get("metadata") or {}).get("tags") or []
    return {str(t)[len(LANG_TAG_PREFIX):] for t in tags if str(t).startswith(LANG_TAG_PREFIX)}


def keep_language(nb: Any, lang: str) -> Any:
    """A copy of notebook ``nb`` for a report in ``lang``: without the Markdown cells tagged only for other
    languages. Untagged Markdown, Markdown tagged ``lang-<lang>`` and every code cell stay, in order; ``nb``
    itself is not changed (an ``nbformat.NotebookNode`` gives a ``NotebookNode``).
    """
    lang = check_lang(lang)
    out = copy.deepcopy(nb)
    out["cells"] = [cell for cell in out["cells"]
                    if cell.get("cell_type") != "markdown" or not cell_languages(cell) or lang in cell_languages(cell)]
    return out


def read_in_language(path: str | Path, lang: str) -> Any:
    """The notebook at ``path`` as a report in ``lang`` runs it (:func:`keep_language`): an
    ``nbformat.NotebookNode``, which papermill executes as it would the file."""
    import nbformat

    return keep_language(nbformat.read(str(path), as_version=4), lang)

