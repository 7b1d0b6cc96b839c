"""The rule registry of the audit: what a rule is, the groups and inputs rules have, and :func:`rule`.

The registry holds names and metadata only; the words for them (what each rule
checks, the groups, severities and inputs in Indonesian and English) are in the text
catalogue, ``renja_lib/text/catalogue/audit.yaml`` (``audit.title.<rule>``,
``audit.group.<group>``, ``audit.severity.<severity>``, ``audit.input.<input>``).

Each family module of :mod:`renja_lib.check` registers its rules with the :func:`rule`
decorator when it is imported; :mod:`renja_lib.check.audit` imports the families in the
order of :data:`GROUPS`, which is the order the rules run in and findings are reported in.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .context import Context

__all__ = ["GROUPS", "INPUTS", "RULES", "SEVERITIES", "Rule", "rule"]

#: How serious a finding is, most serious first.
SEVERITIES: tuple[str, ...] = ("error", "warning", "info")
#: The rule groups, in the order of issue 5 (sums, ratios, narrative, amounts, codes, plausibility, across tables).
GROUPS: tuple[str, ...] = ("sums", "ratios", "narrative", "amounts", "codes", "plausibility", "across tables")

#: The inputs a rule may need: attribute of the document (None: the narrative figures) and the label of its
#: table in a Renja (used when the document does not label the table itself; None: not a table).
INPUTS: dict[str, tuple[str | None, str | None]] = {
    "plan": ("plan_budget", "Tabel 4.1"),
    "evaluation": ("evaluation", "Tabel 2.1"),
    "service": ("service_indicators", "Tabel 2.2"),
    "rkpd": ("rkpd_review", "Tabel 2.3"),
    "facts": (None, None),
}


@dataclass(frozen=True)
class Rule:
    """One check: its name, group and what it needs (what it checks, in words: ``audit.title.<name>``).

    ``needs`` must all be present for the rule to run; ``uses`` are optional: a
    rule with ``uses`` and no ``needs`` runs when at least one of them is present,
    or always when it is ``standalone`` (part of it needs nothing but the text).
    Missing inputs are reported once as an ``info`` finding of the rule.
    """

    name: str
    group: str
    needs: tuple[str, ...]
    uses: tuple[str, ...]
    check: Callable[["Context"], Iterable[dict]]
    standalone: bool = False


#: Every rule, in the order they run and are reported: by group (the order of :data:`GROUPS`), then in the order
#: their module defines them; the same whichever rule module Python imports first.
RULES: dict[str, Rule] = {}


def rule(name: str, group: str, *, needs: Sequence[str] = (), uses: Sequence[str] = (),
         standalone: bool = False):
    """Decorator: register the function as the check of rule ``name`` in :data:`RULES` (see :class:`Rule`).

    The function takes the rule :class:`~renja_lib.check.context.Context` and returns the rule's findings.
    """
    assert group in GROUPS, group
    assert set(needs) | set(uses) <= set(INPUTS), (needs, uses)

    def register(fn: Callable[["Context"], Iterable[dict]]):
        RULES[name] = Rule(name, group, tuple(needs), tuple(uses), fn, standalone)
        ordered = sorted(RULES.values(), key=lambda r: GROUPS.index(r.group))  # stable: module order kept
        RULES.clear()
        RULES.update((r.name, r) for r in ordered)
        return fn

    return register
