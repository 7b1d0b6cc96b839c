"""The ``renja deck`` sub-command: a document's slide deck alone.

``renja deck [SOURCE] [--lang id|en] [--out FILE.pptx] [--reports DIR]`` builds the deck
(:mod:`renja_lib.write.deck`) from the document's report folder ``DIR/<slug>/`` (default ``reports/``) when it
holds ``findings.json``; else it runs the report's notebooks into a temporary folder
(:func:`renja_lib.run.runner.run_report`, pages and deck only) and builds it from there. Nothing is analysed or
drawn twice. The deck goes to ``FILE`` (default ``data/processed/<slug>.pptx``), written like every output of
the tool: atomically, replacing only a file the tool wrote there and nobody changed since (the folder's
manifest, :mod:`renja_lib.write.outputs`).

Exit status: 0 written; 1 written, but some notebooks of the temporary run failed (the deck has what ran);
2 bad input (a document that cannot be read, a file in the way that the tool did not write, no finding to put
in a deck).
"""
from __future__ import annotations

import argparse
import shutil
import tempfile
from functools import partial
from pathlib import Path

from ..text import DEFAULT_LANG, LANGS
from ..text.catalogue import Message, tr
from .arguments import HelpFormatter, help_text, not_a_file_path, sections
from .terminal import say

__all__ = ["add_deck_parser", "cmd_deck", "default_out"]


def add_deck_parser(sub, lang: str = DEFAULT_LANG) -> argparse.ArgumentParser:
    """The sub-command ``deck`` of ``sub``, its help in ``lang``."""
    p = sub.add_parser("deck", help=help_text("deck.help", lang), lang=lang,
                       formatter_class=partial(HelpFormatter, lang=lang))
    args, options = sections(p, lang)
    args.add_argument("source", nargs="?", help=help_text("cli.help.source", lang))
    options.add_argument("--out", metavar="FILE.pptx", help=help_text("deck.help.out", lang))
    options.add_argument("--reports", metavar="DIR", help=help_text("deck.help.reports", lang))
    options.add_argument("--lang", choices=LANGS, default=DEFAULT_LANG, help=help_text("deck.help.lang", lang))
    p.set_defaults(func=cmd_deck)
    return p


def default_out(slug: str) -> Path:
    """``data/processed/<slug>.pptx``."""
    from ..config import PROCESSED_DIR

    return PROCESSED_DIR / f"{slug}.pptx"


def cmd_deck(args: argparse.Namespace) -> int:
    from ..config import REPORTS_DIR
    from ..errors import RenjaError
    from ..run.runner import plan_runs, run_report
    from ..write.deck import deck_bytes, read_findings
    from ..write.outputs import staged_outputs

    lang = args.lang
    if not_a_file_path(args.out, ".pptx"):
        raise RenjaError(Message("deck.cli.out", out=args.out))
    sources = [args.source] if args.source else []
    runs = plan_runs(sources, lang=lang)
    run, plain = runs[0], plan_runs(sources)[0]  # a report in the deck's language (its slug says so), else any
    out = Path(args.out) if args.out is not None else default_out(plain.slug)
    reports = Path(args.reports or REPORTS_DIR)
    folder = next((reports / slug for slug in dict.fromkeys((run.slug, plain.slug))
                   if read_findings(reports / slug) is not None), reports / run.slug)
    status = 0
    temporary = None
    try:
        content = read_findings(folder)
        if content is None:
            temporary = Path(tempfile.mkdtemp(prefix="renja-deck-"))
            results = run_report(runs, temporary / "reports", quiet=True, lang=lang, outputs=())
            status = 1 if any(r.status != "ok" for r in results) else 0
            folder = temporary / "reports" / run.slug
            content = read_findings(folder)
            if content is None:
                raise RenjaError(Message("deck.cli.no_findings", slug=run.slug))
            say(tr("deck.cli.ran", lang, slug=run.slug))
        else:
            say(tr("deck.cli.from_report", lang, folder=folder))
        data = deck_bytes(content, folder, lang)
    finally:
        if temporary is not None:
            shutil.rmtree(temporary, ignore_errors=True)
    with staged_outputs(out.parent, (out.name,), command="deck") as stage:
        (stage / out.name).write_bytes(data)
    say(tr("deck.cli.wrote", lang, out=out, n=len(content.get("findings") or []) + 2))
    return status
