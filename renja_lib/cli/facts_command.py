"""The ``renja facts`` sub-command: the automatic facts of a document as a draft facts file to review.

``renja facts [SOURCE] [--out FILE]`` reads the document's narrative figures (:mod:`renja_lib.read.narrative_reader`),
merges the facts file beside it when there is one (:mod:`renja_lib.read.fact_review`) and writes the result as a
facts file (``origin`` and ``status`` columns) with, beside it, the figures the reader could not tie to one
quantity, subject, year and period (``<FILE stem>.unresolved.csv``): the analyst reviews the draft, sets each
row's ``status`` and saves it beside the document as ``<document stem>.facts.csv``.

The default ``FILE`` is ``data/processed/<document stem>.facts.draft.csv``. Like every output of the tool it is
written atomically and replaces only a file the tool wrote and nobody changed since (the output folder's
manifest, :mod:`renja_lib.write.outputs`): a reviewed facts file is never overwritten.
"""
from __future__ import annotations

import argparse
from functools import partial
from pathlib import Path

from ..text import DEFAULT_LANG, LANGS
from ..text.catalogue import Message, tr
from .arguments import HelpFormatter, help_text, not_a_file_path, sections
from .terminal import say

__all__ = ["add_facts_parser", "cmd_facts", "default_out"]

#: lines of disagreements and of unresolved figures printed (all are in the files)
LIMIT = 20


def add_facts_parser(sub, lang: str = DEFAULT_LANG) -> argparse.ArgumentParser:
    """The sub-command ``facts`` of ``sub``, its help in ``lang``."""
    p = sub.add_parser("facts", help=help_text("cli.help.facts", lang), lang=lang,
                       formatter_class=partial(HelpFormatter, lang=lang))
    args, options = sections(p, lang)
    args.add_argument("source", nargs="?", help=help_text("cli.help.source", lang))
    options.add_argument("--out", metavar="FILE", help=help_text("cli.help.facts.out", lang))
    options.add_argument("--lang", choices=LANGS, default=DEFAULT_LANG, help=help_text("cli.help.facts.lang", lang))
    p.set_defaults(func=cmd_facts)
    return p


def default_out(source: Path) -> Path:
    """``data/processed/<document stem>.facts.draft.csv``."""
    from ..config import PROCESSED_DIR

    return PROCESSED_DIR / f"{source.stem}.facts.draft.csv"


def cmd_facts(args: argparse.Namespace) -> int:
    from ..config import DEFAULT_SOURCE
    from ..errors import RenjaError
    from ..read.document import load
    from ..read.narrative_facts import facts_path_for
    from ..write.outputs import write_fact_draft

    lang = args.lang
    source = Path(args.source) if args.source else DEFAULT_SOURCE
    if not_a_file_path(args.out):
        raise RenjaError(Message("errors_run.cli.facts_out", out=args.out))
    out = Path(args.out) if args.out is not None else default_out(source)
    doc = load(source)
    review, unresolved = doc.fact_review, doc.narrative.unresolved
    out, side = write_fact_draft(review, unresolved, out)
    counts = review.counts()
    auto = int((review.facts["origin"] == "auto").sum())
    say(tr("cli.facts.read", lang, source=source, n=auto, unresolved=len(unresolved)))
    curated = facts_path_for(source)
    if review.file_rows:
        say(tr("cli.facts.reviewed", lang, file=curated, n=review.file_rows, confirmed=counts["confirmed"],
               corrected=counts["corrected"], removed=counts["removed"], draft=counts["draft"]))
    else:
        say(tr("cli.facts.no_file", lang, file=curated))
    if len(review.disagreements):
        say(tr("cli.facts.disagreements", lang, n=len(review.disagreements)))
        for row in review.disagreements.head(LIMIT).itertuples():
            say(f"  {row.message}"[:600])
        if len(review.disagreements) > LIMIT:
            say(tr("cli.facts.more", lang, n=len(review.disagreements) - LIMIT, file=out))
    if len(unresolved):
        say(tr("cli.facts.unresolved", lang, n=len(unresolved), file=side))
        for row in unresolved.head(LIMIT).itertuples():
            say(f"  {row.source_line}: {row.quote!r}: {row.reason}"[:600])
        if len(unresolved) > LIMIT:
            say(tr("cli.facts.more", lang, n=len(unresolved) - LIMIT, file=side))
    say(tr("cli.facts.wrote", lang, out=out, unresolved=side, target=curated))
    return 0
