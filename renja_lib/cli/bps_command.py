"""The ``renja bps fetch`` sub-command: one variable of the BPS WebAPI, saved as the JSON file the BPS reader reads.

``renja bps fetch --var ID --domain CODE --out FILE [--th IDS] [--force]`` asks
``https://webapi.bps.go.id/v1/api/list/model/data/lang/ind/domain/CODE/var/ID[/th/IDS]/key/KEY/`` for the values
of the variable ``ID`` (``543``) in the domain ``CODE`` (``3500`` Jawa Timur, ``0000`` Indonesia), the key being
the environment variable :data:`TOKEN_ENV` (``BPS_API_KEY``; a free key from https://webapi.bps.go.id/developer/;
never printed, never written). The answer is checked as :func:`renja_lib.read.bps.read_bps` reads it (a status
that is not ``OK``, ``list-not-available``, a key of ``datacontent`` that does not split: one error, nothing
written) and written to ``FILE`` exactly as it came, atomically; a file the tool did not write is replaced only
with ``--force`` (:mod:`renja_lib.write.outputs`). Without a key, without a network, or with an error answer the
command ends with one line: exit 2 for what the user can change (no key, a refused key, an answer that is no
data), 3 for the network (:class:`~renja_lib.errors.EnvironmentFault`).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import socket
from functools import partial
from pathlib import Path
from urllib.error import HTTPError, URLError
from urllib.parse import quote
from urllib.request import Request, urlopen

from ..errors import EnvironmentFault, RenjaError
from ..text import DEFAULT_LANG, LANGS
from ..text.catalogue import Message, tr
from .arguments import HelpFormatter, help_text, sections
from .terminal import say

__all__ = ["add_bps_parser", "cmd_bps_fetch", "fetch_answer", "answer_url", "TOKEN_ENV", "API", "TIMEOUT",
           "MAX_ANSWER_BYTES"]

#: The environment variable holding the WebAPI key.
TOKEN_ENV = "BPS_API_KEY"
#: The WebAPI's address for the values of one variable.
API = "https://webapi.bps.go.id/v1/api/list/model/data/lang/ind/domain/{domain}/var/{var}{th}/key/{key}/"
#: Seconds to wait for the WebAPI.
TIMEOUT = 60.0
#: The largest answer kept (a variable of every kabupaten/kota of Indonesia over years is far smaller).
MAX_ANSWER_BYTES = 32 * 2**20
_DOMAIN = re.compile(r"^\d{4}$")
_VAR = re.compile(r"^\d{1,9}$")
_TH = re.compile(r"^\d{1,4}(?:[:;]\d{1,4})*$")


def add_bps_parser(sub, lang: str = DEFAULT_LANG) -> argparse.ArgumentParser:
    """The sub-command ``bps`` (with its own sub-command ``fetch``) of ``sub``, its help in ``lang``."""
    new = partial(HelpFormatter, lang=lang)
    p = sub.add_parser("bps", help=help_text("bps.help.bps", lang), lang=lang, formatter_class=new,
                       description=help_text("bps.help.bps", lang))
    sections(p, lang, positionals=False)
    inner = p.add_subparsers(title=tr("cli.argparse.commands", lang), dest="bps_command", required=True)
    f = inner.add_parser("fetch", help=help_text("bps.help.fetch", lang), lang=lang, formatter_class=new,
                         description=tr("bps.help.fetch_description", lang, env=TOKEN_ENV).replace("%", "%%"))
    _, options = sections(f, lang)
    options.add_argument("--var", required=True, metavar="ID", help=help_text("bps.help.var", lang))
    options.add_argument("--domain", required=True, metavar="CODE", help=help_text("bps.help.domain", lang))
    options.add_argument("--out", required=True, metavar="FILE", help=help_text("bps.help.out", lang))
    options.add_argument("--th", metavar="IDS", help=help_text("bps.help.th", lang))
    options.add_argument("--force", action="store_true", help=help_text("bps.help.force", lang))
    options.add_argument("--lang", choices=LANGS, default=DEFAULT_LANG, help=help_text("bps.help.lang", lang))
    f.set_defaults(func=cmd_bps_fetch)
    return p


def answer_url(var: str, domain: str, key: str, th: str | None = None) -> str:
    """The WebAPI's address for ``var`` in ``domain`` (and the periods ``th``), each checked first.

    >>> answer_url("543", "3500", "k/y")
    'https://webapi.bps.go.id/v1/api/list/model/data/lang/ind/domain/3500/var/543/key/k%2Fy/'
    """
    if not _VAR.match(str(var)):
        raise RenjaError(Message("errors_bps.fetch.var", got=var))
    if not _DOMAIN.match(str(domain)):
        raise RenjaError(Message("errors_bps.fetch.domain", got=domain))
    if th is not None and not _TH.match(th):
        raise RenjaError(Message("errors_bps.fetch.th", got=th))
    return API.format(domain=domain, var=var, th=f"/th/{th}" if th else "", key=quote(key, safe=""))


def _scrub(text: str, key: str) -> str:
    return text.replace(key, "***").replace(quote(key, safe=""), "***") if key else text


def fetch_answer(var: str, domain: str, key: str, th: str | None = None, *, timeout: float = TIMEOUT) -> bytes:
    """The WebAPI's answer as bytes (the network through :func:`urllib.request.urlopen`, this module's name, which
    the tests replace with recorded answers). Network trouble is an :class:`EnvironmentFault`; an HTTP error
    from the WebAPI (a refused key, an unknown variable) a :class:`RenjaError`."""
    url = answer_url(var, domain, key, th)
    request = Request(url, headers={"Accept": "application/json", "User-Agent": "renja-analytics"})
    try:
        with urlopen(request, timeout=timeout) as response:
            data = response.read(MAX_ANSWER_BYTES + 1)
    except HTTPError as exc:
        error = RenjaError if exc.code < 500 else EnvironmentFault
        raise error(Message("errors_bps.fetch.http", code=exc.code, reason=_scrub(str(exc.reason), key),
                            env=TOKEN_ENV)) from None
    except (URLError, socket.timeout, TimeoutError, ConnectionError, OSError) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise EnvironmentFault(Message("errors_bps.fetch.network", error=_scrub(str(reason), key)[:200])) from None
    if len(data) > MAX_ANSWER_BYTES:
        raise EnvironmentFault(Message("errors_bps.fetch.too_large", limit=MAX_ANSWER_BYTES))
    return data


def cmd_bps_fetch(args: argparse.Namespace) -> int:
    from ..read.bps import build_series
    from ..read.bps_json import read_answer
    from ..write.outputs import staged_outputs

    lang = args.lang
    if not args.out.strip() or args.out.endswith(("/", "\\")) or Path(args.out).is_dir():
        raise RenjaError(Message("errors_bps.fetch.out", out=args.out))
    out = Path(args.out)
    answer_url(args.var, args.domain, "", args.th)  # the arguments, before the key is asked for
    key = os.environ.get(TOKEN_ENV, "").strip()
    if not key:
        raise RenjaError(Message("errors_bps.fetch.no_token", env=TOKEN_ENV))
    data = fetch_answer(args.var, args.domain, key, args.th)
    try:
        text = data.decode("utf-8-sig")
        json.loads(text)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise RenjaError(Message("errors_bps.fetch.not_json", error=type(exc).__name__), path=out) from None
    cells, title, decimal = read_answer(out, text, None)  # what the reader would refuse is not written
    series = build_series(out, cells, "json", title, (), None, decimal)
    recognise = (lambda name, path: True) if args.force else None
    try:
        with staged_outputs(out.parent, (out.name,), command="bps fetch", recognise=recognise) as stage:
            (stage / out.name).write_bytes(data)
    except RenjaError as exc:  # a file the tool did not write is in the way: say how to replace it anyway
        if args.force or getattr(exc.detail, "key", None) != "errors_write.outputs.refuse":
            raise
        raise RenjaError(Message("errors_bps.fetch.exists", out=out)) from None
    frame = series.frame
    years = sorted(set(int(y) for y in frame["year"])) if len(frame) else []
    say(tr("bps.fetch.wrote", lang, out=out, n=len(frame), title=" ".join(title),
           regions=int(frame["region_key"].nunique()), first=years[0] if years else "",
           last=years[-1] if years else "", dropped=len(series.dropped)))
    return 0
