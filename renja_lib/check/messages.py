"""How the audit's messages are put together, and the words of its ``item`` and ``expected`` columns.

Every word of the audit is in the text catalogue, ``renja_lib/text/catalogue/audit.yaml``
(keys ``audit.<id>``: ``<rule>[.<case>]`` for the sentences of the findings, the rest
for the words put into them, ``title.<rule>`` for what each rule checks). A rule says
what it found as a :class:`~renja_lib.text.catalogue.Message` (a key and its fields,
not yet written in a language), so that what it checks does not depend on the
language; :func:`renja_lib.check.audit.audit` writes the messages in the language
asked for. Numbers arrive in the fields already written the way the document writes
them (they are quotes of it), so both languages show ``3.456.509.470`` and ``28,50%``.

:class:`Join` is a list of messages in a sentence (``A and no B and no C``, ``A, B,
maupun C``). The ``item`` column of a finding names what it compared (``realised value
2021``, ``realisasi tahun 2021``) and ``expected`` says in words what a figure should be
where it is not a figure of the document (``at most 100%``): they are messages too
(:func:`year_item`, :func:`period_item`, ``audit.item.*``, ``audit.expected.*``),
written in the language of the findings. English keeps the words these columns
always had.

>>> year_item(Message("audit.measure.realization"), 2021).render("en")
'realised value 2021'
>>> period_item(Message("audit.quantity.absorption_stated"), 2022, "Q1").render("id")
'penyerapan anggaran tahun 2022 (triwulan I)'
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from ..text.catalogue import LocalText, Message, has, tr
from ..text.langs import DEFAULT_LANG

__all__ = ["MEASURES", "Join", "Written", "period_item", "period_words", "quoted_figures", "year_item"]

#: The measures of the tables a finding may name (their words: ``audit.measure.<measure>``).
MEASURES: tuple[str, ...] = ("target", "realization", "renstra_target", "realization_to_date",
                             "achievement_reported", "renstra_achievement_reported", "projection", "budget")


def year_item(what: Any, year: Any) -> Message:
    """The ``item`` of a finding about one year of a measure or quantity: ``target 2023`` / ``target tahun 2023``."""
    return Message("audit.item.year", what=what, year=year)


def period_words(period: Any) -> Message | str:
    """A period of the facts file in words (``Q1``: ``triwulan I``); an unknown period as it is."""
    return Message(f"audit.period.{period}") if has(f"audit.period.{period}") else str(period)


def period_item(what: Any, year: Any, period: Any) -> Message:
    """The ``item`` of a finding about a narrative figure of a year and period: ``absorption 2022 (Q1)``."""
    return Message("audit.item.period", what=what, year=year, period=period_words(period))


class Join(Message):
    """Messages (or texts) joined into one: the text ``sep`` between the items, the text ``last`` before
    the last one, chosen by the number of items (its plural form ``=2`` is the one between two items).

    >>> inputs = [Message("audit.input.plan"), Message("audit.input.rkpd"), Message("audit.input.facts")]
    >>> Join("audit.join.without", "audit.join.without.last", inputs[:2]).render("id")
    'Tabel 4.1 (rencana program, kegiatan, target, dan pagu) dan Tabel 2.3 (review terhadap Rancangan Awal RKPD)'
    >>> m = Message("audit.not_run", rule="x", missing=Join("audit.join.no", "audit.join.no.last", ["A", "B", "C"]))
    >>> m.render("en"), m.render("id")
    ('Rule x could not run: the document has no A and no B and no C.', \
'Aturan x tidak dapat dijalankan: dokumen tidak memuat A, B, maupun C.')
    """

    __slots__ = ("last", "items")

    def __init__(self, sep: str, last: str, items: Iterable[Any]) -> None:
        items = tuple(items)
        super().__init__(sep, count=len(items))
        self.last, self.items = last, items

    def render(self, lang: str = DEFAULT_LANG) -> str:
        texts = [v.render(lang) if isinstance(v, (Message, LocalText)) else str(v) for v in self.items]
        if len(texts) < 2:
            return "".join(texts)
        return tr(self.key, lang).join(texts[:-1]) + tr(self.last, lang, count=len(texts)) + texts[-1]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Join) and (self.key, self.last, self.items) == (other.key, other.last, other.items)

    def __hash__(self) -> int:
        return hash((self.key, self.last, self.items))

    def __repr__(self) -> str:
        return f"Join({self.key!r}, {self.last!r}, {self.items!r})"


class Written(LocalText):
    """A figure quoted as the document writes it (``83,82%``, ``Rp. 4.244.258,00``, ``0 KK``): as it is where the
    document's format is the page's, between quotation marks where it is not (``audit.written``: “83,82%” on an
    English page), so that a reader knows it is the document's spelling, not a number of the page's language.

    >>> Written("83,82%").render("en"), Written("83,82%").render("id")
    ('“83,82%”', '83,82%')
    """

    __slots__ = ()

    def render(self, lang: str) -> str:
        return tr("audit.written", lang, text=str(self))


#: a figure as the document writes it: Indonesian digits (``4.244.258,00``, ``54,59``), with ``Rp.`` before it,
#: ``%`` or a unit of one or two words after it (``0 KK``, ``0 lokasi``); a code (``2.07.01``) is none
_AS_WRITTEN = re.compile(r"(?:Rp\.?\s?)?[-+]?\d{1,3}(?:\.\d{3})*(?:,\d+)?"
                         r"(?:\s?%|\s+[^\W\d_][\w/.-]*(?:\s[^\W\d_][\w/.-]*)?)?")
#: fields that name where or what (a code, a table, a subject), never a figure of the document
_NAMING_FIELDS = frozenset({"code", "codes", "raw", "siblings", "subject", "who", "parent", "table", "other", "plan",
                            "rule", "year", "name", "indicator", "token", "key", "header", "stage", "unit", "where"})


def _quoted(value: Any, field: str | None) -> Any:
    if isinstance(value, Message):
        return quoted_figures(value)
    if isinstance(value, (list, tuple)):
        return type(value)(_quoted(v, field) for v in value)
    if isinstance(value, str) and not isinstance(value, LocalText) and field not in _NAMING_FIELDS \
            and _AS_WRITTEN.fullmatch(value.strip()):
        return Written(value)
    return value


def quoted_figures(message: Message) -> Message:
    """``message`` with every figure it quotes as the document writes it (a text field such as ``stated``:
    ``54,59%``) marked as a quote (:class:`Written`); the figures the audit computed (:class:`Figure`) are written
    in the message's language. The audit renders its messages through this, so that an English sentence never shows
    ``83,82%`` unmarked.

    >>> m = quoted_figures(Message("audit.compare.differ", year=2021, what="x", who="2.07.04", stated="54,59%",
    ...                            table="Tabel 2.1", table_value="53,81 %"))
    >>> m.render("en")
    'The text gives the 2021 x of 2.07.04 as “54,59%”, but Tabel 2.1 gives “53,81 %”.'
    """
    if isinstance(message, Join):
        return Join(message.key, message.last, [_quoted(v, None) for v in message.items])
    if not isinstance(message, Message) or type(message) is not Message:
        return message
    return Message(message.key, count=message.count, **{k: _quoted(v, k) for k, v in message.fields.items()})
