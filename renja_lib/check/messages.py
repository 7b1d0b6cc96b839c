"""How the audit's messages are put together, and the English words of its ``item`` column.

Every word of the audit is in the text catalogue, ``renja_lib/text/catalogue/audit.yaml``
(keys ``audit.<id>``: ``<rule>[.<case>]`` for the sentences of the findings, the rest
for the words put into them, ``title.<rule>`` for what each rule checks). A rule says
what it found as a :class:`~renja_lib.text.catalogue.Message` (a key and its fields,
not yet written in a language), so that what it checks does not depend on the
language; :func:`renja_lib.check.audit.audit` writes the messages in the language
asked for. Numbers arrive in the fields already written the way the document writes
them (they are quotes of it), so both languages show ``3.456.509.470`` and ``28,50%``.

:class:`Join` is a list of messages in a sentence (``A and no B and no C``, ``A, B,
maupun C``). :data:`MEASURE_WORDS` and :func:`quantity_words` are not prose: they
name what a finding compared in its ``item`` column (``realised value 2021``),
which is the same in both languages, like the other columns but ``message``.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..text.catalogue import Message, tr
from ..text.langs import DEFAULT_LANG

__all__ = ["MEASURE_WORDS", "Join", "quantity_words"]

#: Measures of the tables in English words, for the ``item`` column of findings (the same in every language).
MEASURE_WORDS = {
    "target": "target", "realization": "realised value", "renstra_target": "Renstra target",
    "realization_to_date": "realisation to date", "achievement_reported": "achievement",
    "renstra_achievement_reported": "Renstra achievement", "projection": "projection",
}


def quantity_words(quantity: str) -> str:
    """A facts quantity in English words, for the ``item`` column: ``achievement_stated`` -> ``achievement``."""
    return quantity.removesuffix("_stated").replace("realization", "realisation").replace("_", " ")


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
