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

from collections.abc import Iterable
from typing import Any

from ..text.catalogue import Message, has, tr
from ..text.langs import DEFAULT_LANG

__all__ = ["MEASURES", "Join", "period_item", "period_words", "year_item"]

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
        texts = [v.render(lang) if isinstance(v, Message) else str(v) for v in self.items]
        if len(texts) < 2:
            return "".join(texts)
        return tr(self.key, lang).join(texts[:-1]) + tr(self.last, lang, count=len(texts)) + texts[-1]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Join) and (self.key, self.last, self.items) == (other.key, other.last, other.items)

    def __hash__(self) -> int:
        return hash((self.key, self.last, self.items))

    def __repr__(self) -> str:
        return f"Join({self.key!r}, {self.last!r}, {self.items!r})"
