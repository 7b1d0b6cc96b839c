"""Every analysis page opens with its headline findings: the summary comes right after the page's title (and
section heading), before the question, the method and the caveats (issue 15: "headline findings first")."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
PAGES = ["02_labour_indicators", "03_budget_absorption", "04_performance_achievement", "05_plan_changes",
         "06_data_audit"]


@pytest.mark.parametrize("name", PAGES)
def test_the_headline_summary_comes_right_after_the_title_before_the_question(name):
    cells = json.loads((NOTEBOOKS / f"{name}.ipynb").read_text(encoding="utf-8"))["cells"]
    text = ["".join(c["source"]) for c in cells]
    title = next(i for i, t in enumerate(text) if cells[i]["cell_type"] == "code" and "page_title(" in t)
    assert re.search(r"sentences\.show\(sentences\.\w+_summary\(", text[title + 1]), text[title + 1]
    question = next(i for i, t in enumerate(text) if cells[i]["cell_type"] == "markdown"
                    and re.match(r"\*\*(Pertanyaan|Question)\.\*\*", t))
    assert title < title + 1 < question
