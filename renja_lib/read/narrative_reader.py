"""The narrative figures of any Renja, read automatically into the schema of the curated facts.

:func:`read_narrative` reads a document's prose into ``facts`` (the columns of ``load_facts``, ``origin = "auto"``)
and ``unresolved`` (figures not tied to one quantity, subject, year and period, with quote and reason): it never
guesses. Paragraphs are joined across wraps and page breaks while a sentence is open (a quote may span lines); a
section's paragraphs after the last that can hold a figure
(:func:`~renja_lib.read.narrative_figures.may_hold_figure`) are left unread, but for the year ranges they name; a
figure's quantity is the nearest fitting cue on its left (``pagu``, ``realisasi anggaran``, ``serapan``, ``target``,
``realisasi kinerja``, ``tercapai``, the ``words`` of ``quantity_families.csv``) or a parallel (``atau 80 persen``);
its subject a ``Program X``/``Kegiatan X`` aligned with the document's own names (:func:`subjects_from`; or the
start of one name only), ``program ini``, a heading or list item, the office or the city; a ``Program X`` that is no
subject's, or two subjects', leaves the figures of its clause unresolved (never the office's nor an earlier one's);
its year the one written beside it, in its sentence, paragraph or list, the section's framing, else the section's
default (evaluation ``plan_year - 2``, quarters ``plan_year - 1``, plan ``plan_year``); a stated change, the later
of the two years compared, and the level it changed from ("turun dari 6,01 %", "dibandingkan tahun 2021 yang sebesar
6,01 %") no change but the quantity of the figure before it, in the year written with it (else unresolved). Two
subjects or two years for one number: unresolved; so is a rate or a count of the city whose words name another
region ("TPT Provinsi Jawa Timur", "nasional") than the document's (``region``, from its identity).

>>> reading = read_narrative(["Realisasi anggaran Dinas tahun 2021 sebesar Rp 1.500.000,00."],
...                          pd.DataFrame(columns=["code", "name", "level"]), plan_year=2023)
>>> reading.facts[["quantity", "subject", "year", "period", "value"]].values.tolist()
[['total_spending', 'office', 2021, 'year', 1500000.0]]
"""
from __future__ import annotations

import bisect
import re
from collections import Counter, namedtuple
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, partial
from itertools import chain, islice

import pandas as pd

from ..errors import RenjaError
from ..text import Message, message_language
from .identity import other_region
from .locator import END_LINE_COLUMN, Locator
from .narrative_facts import INDICATOR_SUBJECTS, QUANTITY_UNITS, UNITS
from .narrative_figures import (MONTHS_RE, YEAR_RANGE, any_may_hold_figure, digit_in, figure_at, may_hold_figure,
                                paragraph_ranges, years_and_numbers)
from .narrative_numbers import StatedFigure, frame
from .narrative_vocabulary import FAMILIES, quantity_families, vocabulary
from .prose import (Paragraph, WordStarts, find_at, find_at_stems, merged, opens_list, paragraphs,
                    sentence_spans, within, words_start)
from .subject_names import SUBJECT_LEVELS, SubjectNames, subjects_from

__all__ = ["NarrativeReading", "read_narrative", "subjects_from", "quantity_families", "FAMILIES",
           "SUBJECT_LEVELS", "FACT_OUTPUT_COLUMNS", "UNRESOLVED_COLUMNS", "RATE_SUBJECTS"]

FACT_OUTPUT_COLUMNS = ("quantity", "subject", "year", "period", "value", "unit", "quote", "source_line", "note",
                       "source_kind", "source_page", "source_table", "source_row", "source_column", END_LINE_COLUMN,
                       "origin")
UNRESOLVED_COLUMNS = ("quote", "source_line", END_LINE_COLUMN, "value", "unit", "reason")
RATE_SUBJECTS = {"tpt": INDICATOR_SUBJECTS[0], "tpak": INDICATOR_SUBJECTS[2], "tkk": INDICATOR_SUBJECTS[3]}
# cue classes after the words of each quantity, in priority order at one position; "none": counted, no quantity
_CUE_CLASSES: tuple[tuple[str, str], ...] = (
    ("ach", r"realisasi\s+(?:dari|terhadap)\s+target|(?:tingkat|persentase)\s+(?:capaian|pencapaian)|ketercapaian|"
            r"tercapai(?:nya)?|capaian(?:nya)?"),
    ("spend", r"realisasi\s+(?:(?:penyerapan|serapan)\s+)?(?:anggaran|keuangan|belanja|dana)(?:nya)?|"
              r"(?:penyerapan|serapan)\s+(?:anggaran|dana|keuangan)(?:nya)?|anggaran(?:nya)?\s+(?:yang\s+)?"
              r"(?:telah\s+)?(?:terserap|terealisasi|digunakan|dibelanjakan)|"
              r"(?:membelanjakan|merealisasikan|menyerap|menggunakan)\s+(?:anggaran|dana)|membelanjakan|dibelanjakan"),
    ("absorb", r"realisasi\s+(?:penyerapan|serapan)|(?:penyerapan|serapan)(?:nya)?|terserap|menyerap"),  # or workers
    ("real", r"realisasi\s+(?:kinerja|fisik|output|outcome)(?:nya)?(?:\s+program|\s+kegiatan)?|realisasi(?:nya)?|"
             r"terealisasi(?:kan)?|direalisasikan|merealisasikan"),
    ("target", r"ditargetkan|target(?:nya)?|ditetapkan"),
    ("budget", r"(?:total\s+)?pagu(?:\s+(?:anggaran|indikatif|definitif))?|(?:dialokasikan|alokasi)(?:\s+anggaran)?|"
               r"(?:besaran\s+|total\s+|jumlah\s+)?anggaran(?:\s+belanja)?|kebutuhan\s+dana|(?-i:DPA)|dianggarkan|"
               r"menganggarkan|direncanakan|merencanakan"),
    ("level", r"menjadi"), ("up", r"peningkatan|kenaikan|meningkat|naik|bertambah"),
    ("share", r"persentase|prosentase"),  # "persentase <indicator> mencapai 54,59 persen": the indicator's value
    ("down", r"penurunan|menurun|turun|berkurang"),
)
_FIRST_WORDS = r"(?:^|\||\(\?:|\(\?-i:|\)\?|>)([a-z]{2,})"  # where a word can start a pattern: its stems
_NONE = r"setengah\s+penganggur\w*|bukan\s+angkatan\s+kerja|sub\s*-?\s*kegiatan"
_OFFICE_WORDS = ("Disnaker Disnakertrans Dinkes Disdik Dispendik Disdikbud Dinsos Dishub Diskominfo Disperindag "
                 "Disperkim Dispora Disparpora Disdukcapil DPMPTSP DLH Bappeda BPKAD BPBD Setda RSUD").split()
_OFFICE = re.compile(r"\b(?:secara\s+keseluruhan|total|(?-i:APBD|OPD|SKPD)|perangkat\s+daerah|(?<!sekretariat\s)"
                     rf"(?<!kepala\s)(?:dinas|badan|kantor|inspektorat)|(?-i:{'|'.join(_OFFICE_WORDS)}))\b", re.I)
_PERIOD = re.compile(
    r"(?P<q>\b(?:triwulan|tribulan|trimester|tw)\.?\s*(?P<qn>IV|I{1,3}|[1-4]|pertama|kedua|ketiga|keempat)\b)"
    r"|(?P<sem>\bsemester\s*(?P<sn>II|I|1|2|pertama|kedua)\b)|(?P<end>\bakhir\s+tahun\b)"
    r"|(?P<now>(?:\bsampai\s+dengan|\bs\.?\s?/\s?d\.?|\bs\.d\.?|\bhingga|\bsampai|\bper)\s+(?:saat\s+ini|sekarang|"
    rf"(?:bulan\s+|tanggal\s+\d{{1,2}}\s+|\d{{1,2}}\s+)(?P<month>{MONTHS_RE})))"
    r"|(?P<renstra>\bselama\s+(?:lima|5)\s+tahun\b|\bakhir\s+periode\s+renstra\b|\brenstra\b)", re.I)
_ESTIMATES = r"diperkirakan|perkiraan|prakiraan|proyeksi|diproyeksikan|estimasi|diprediksi"
_ESTIMATE = re.compile(rf"\b(?:{_ESTIMATES})\b", re.I)
_ASIDE = re.compile(rf"\b(?:dibanding(?:kan)?|perbandingan|sebelumnya|tahun\s+lalu|{_ESTIMATES})\b", re.I)
_KINDS = r"\b(?:(?P<sub_kegiatan>sub\s*-?\s*kegiatan)|(?P<kegiatan>kegiatan)|(?P<program>program))"
_MENTION = re.compile(_KINDS + r"\b\s*[*_:]*\s*", re.I)
_ANAPHORA = re.compile(_KINDS + r"\s+(?:ini|tersebut)\b", re.I)
_STEMS = {"periods": "triwulan tribulan trimester tw semester akhir sampai s/ s. hingga per selama renstra".split(),
          "aside": ("sebelumnya dibanding perbandingan tahun " + _ESTIMATES.replace("|", " ")).split(),
          "offices": "secara total apbd opd skpd perangkat dinas badan kantor inspektorat".split()
          + [w.lower() for w in _OFFICE_WORDS]}
_COUNT_UNITS = ("orang", "kasus", "perusahaan", "jenis")
_GAP_WORDS = frozenset(
    "sebesar sebanyak mencapai tercatat senilai berjumlah sejumlah yaitu yakni adalah hanya masih baru telah sudah "
    "yang dengan dari di pada ke untuk dalam sampai hingga s d sd akhir awal tahun anggaran ta triwulan tribulan "
    "semester "
    "bulan i ii iii iv ini tersebut program kegiatan data berdasarkan menurut hasil kota kabupaten provinsi secara "
    "keseluruhan total tetap sekitar atau dan sedikit menjadi jumlah rata rata-rata bps sakernas indikator kinerja "
    "capaian persentase nilai sebelumnya berjalan lalu agustus februari dicapai tingkat".split())
_GAP_LIMIT = {"count": 2, "labour": 2, "share": 8}  # words between a cue and its number that are not glue words
_YEAR_RE = re.compile(r"\b(?:19|20)\d\d\b")
_RELATIVE = re.compile(r"\btahun\s+(?:sebelumnya|lalu)\b", re.I)
# "dibandingkan (dengan TKK) tahun 2020", "dari tahun 2020": the base of a stated change
_BASE_BEFORE = re.compile(r"(?:\b(?:dibanding(?:kan)?|perbandingan|terhadap)\b[^\d.,;:]{0,40}?|\b(?:dari|sejak)\s+"
                          r"(?:(?:pada|di)\s+)?)(?:tahun\s+(?:anggaran\s+)?)?$", re.I)
# a name in capitals after "Program", "Kegiatan" (not its year), and the words that are no name there
_NAME_RUN = re.compile(r"[A-Z][\w'’-]*(?:(?:\s+|\s*/\s*)(?:(?:dan|di|bagi|serta|pada|untuk|berdasarkan|dalam|ke|dari|"
                       r"yang|atas|antar|melalui)\s+)?(?!(?:Tahun|TA)\b)[A-Z][\w'’-]*)*")
_NOT_NAME = re.compile(rf"(?:ini|tersebut|dan|atau|yang|tahun|ta|instansi|sub|program|kegiatan|{MONTHS_RE})\b|"
                       rf"{_OFFICE.pattern}", re.I)
_QUARTERS = {w: f"Q{n}" for n, ws in enumerate(("i 1 pertama", "ii 2 kedua", "iii 3 ketiga", "iv 4 keempat"), 1)
             for w in ws.split()}
_MONTH_QUARTER = {"maret": "Q1", "juni": "Q2", "september": "Q3", "desember": "year"}
_FLOWS = ("Q1", "Q2", "Q3", "Q4", "to_date")
_INNER = set("yang dari kan nya sudah telah kerja dana kinerja keuangan belanja terhadap".split())  # inside cues only
_THEN = re.compile(r"\W*(?:dari|dibanding(?:kan)?(?:\s+dengan)?|sedangkan|dan)\W*((?:pada\s+|di\s+)?(?:tahun\s+)?"
                   r"(?:19|20)\d\d\W*)?(?:sebesar\W*)?", re.I)  # the same again: "4,37 % dari 5,12 %", "dan 2020 7 %"
_GLUE = re.compile(r"[\s(]*(?:yang\s+)?")
# after "4 program": those that met (or missed) their target, a part of the programmes ("4 program mencapai target")
_PART_AFTER = re.compile(r"\s*(?:yang\s+|di\s?antaranya\s+)?(?:(?:telah|sudah|belum|tidak)\s+)?(?:(?:mencapai|memenuhi|"
                         r"melampaui)\s+target|tercapai|belum\b|tidak\s+(?:mencapai|memenuhi|tercapai))", re.I)
_PERFORMANCE_AFTER = re.compile(r"\s+kinerja(?:nya)?\b", re.I)  # "capaian kinerja 107 %": achieved against a target
# between "naik/turun" and a number: the level it changed from, not the change ("turun dari 6,01 %", "naik dari
# semula 60 %", "turun dibandingkan tahun 2021 yang sebesar 6,01 %"; not "turun dari 2021 sebesar 0,9 poin")
_BASE_LEVEL = re.compile(r"\W*(?:dari(?:pada)?(?:\s+semula)?|(?:dari|daripada|dibanding(?:kan)?|terhadap)\b[^.;]*?"
                         r"\byang(?:\s+(?:sebesar|mencapai|tercatat|hanya|masih|baru|sekitar))?)\W*", re.I)
_OR = re.compile(r"\W*(?:atau\W*)?(?:sekitar\W*|kurang lebih\W*)?(?:sebesar\W*)?", re.I)  # "Rp x atau 80 persen"
_CLAUSE_END = re.compile(r"[,;]|\b(?:sedangkan|sementara|dan|serta)\b", re.I)
_EXECUTED_AFTER = re.compile(r"\s*(?:yang\s+)?(?:dapat\s+|telah\s+|sudah\s+)*(?:dilaksanakan|terlaksana|selesai)", re.I)
_WORD, _DARI = re.compile(r"[^\W_]+"), re.compile(r"\bdari\b", re.I)
_LEVELS = {"sub_kegiatan": ("sub_kegiatan",), "kegiatan": ("kegiatan", "sub_kegiatan"), "program": ("program",)}
_CONJUNCTION_START = re.compile(r"\s*(?:(?i:atau|dan|serta|yaitu|yakni)\b|[a-z])")
_QUOTE_HEAD = re.compile(r"(?:\b(?:sebesar|sebanyak|sejumlah|mencapai|tercatat|terdiri\s+dari|terbagi(?:\s+dalam)?|"
                         r"untuk|menjadi)\s+)?(?:(?:Rp|IDR)\.?\s*)?$", re.I)  # the words a quote starts with
_NAME_END = re.compile(r"\s*(?:$|[,:;.(*\-–])")
_DEFAULT_YEAR = ((re.compile(r"\bevaluasi\b", re.I), -2),  # the section evaluates the year before last, or plans
                 (re.compile(r"\bprogram dan kegiatan\b|\brencana kerja dan pendanaan\b|\brumusan rencana\b", re.I), 0))
_CHANGES = ("increase_stated", "decrease_stated")
_STOCKS = frozenset({"budget", "total_budget", "target_stated", "trainee_target", *_CHANGES})
_CITY_COUNTS = ("working_age_population", "labour_force", "employed", "unemployed")  # BPS counts of the city
_STRUCTURE, _PENDING = ("programme_count", "activity_count"), -1  # -1: a Renstra year, known once all is read


@dataclass(frozen=True)
class NarrativeReading:
    """What :func:`read_narrative` read: ``facts`` (the facts schema, ``origin = "auto"``) and ``unresolved``."""

    facts: pd.DataFrame
    unresolved: pd.DataFrame


@cache
def _cue_table() -> list[tuple[str, str]]:
    """(class, pattern) of every cue in priority order: no quantity, the rates, the counts, the BPS counts, the rest."""
    families, words = vocabulary()
    return [("none", _NONE), *((f"rate:{q}", w) for q, w in words.items() if q in RATE_SUBJECTS),
            *((f"count:{q}", w) for q, w in words.items() if families[q] == "counts"),
            *((f"labour:{q}", w) for q, w in words.items() if q in _CITY_COUNTS), *_CUE_CLASSES]


@cache
def _cues() -> tuple[re.Pattern, dict[str, str], re.Pattern, dict[str, WordStarts]]:
    """The cue pattern (a named group per class), the class of each group, the pattern of the rates' names, and
    the stems where each pattern is tried (:func:`_find`; the cues': the first words of their alternatives)."""
    table, words = _cue_table(), vocabulary()[1]
    for key, patterns in (("cues", [p for _, p in table]), ("names", [_KINDS] + [words[q] for q in RATE_SUBJECTS])):
        _STEMS[key] = sorted({w for p in patterns for w in re.findall(_FIRST_WORDS, p.lower())} - _INNER)
    return (re.compile(r"\b(?:" + "|".join(rf"(?P<c{i}>{p})" for i, (_, p) in enumerate(table)) + r")\b", re.I),
            {f"c{i}": c for i, (c, _) in enumerate(table)},
            re.compile(r"\b(?:" + "|".join(rf"(?P<{q}>{words[q]})" for q in RATE_SUBJECTS) + r")\b", re.I),
            {k: WordStarts(v) for k, v in _STEMS.items()})


@cache
def _cue_search() -> tuple[WordStarts, Callable, Callable]:
    """One scan for the cues and the office's names (:func:`~.prose.find_at_stems`): both lists' stems, and
    for the stem found, the cue pattern of only the classes that can start there (a first word of theirs starts it;
    in their order, so the first that matches is the one the whole pattern finds), or ``_OFFICE`` if it can."""
    alternatives = [p for _, p in _cue_table()]
    firsts = [set(re.findall(_FIRST_WORDS, p.lower())) - _INNER for p in alternatives]  # each class's own first words
    by_classes, offices = {}, _STEMS["offices"]

    @cache
    def cue_at(stem: str) -> re.Pattern | None:
        these = tuple(i for i, f in enumerate(firsts) if any(stem.startswith(w) for w in f))
        if these and these not in by_classes:
            by_classes[these] = re.compile(r"\b(?:" + "|".join(rf"(?P<c{i}>{alternatives[i]})" for i in these) + r")\b",
                                           re.I)
        return by_classes.get(these)
    return (WordStarts(sorted(set().union(*firsts, offices))), cue_at,  # the cues' stems: those of _cues()
            cache(lambda stem: _OFFICE if any(stem.startswith(w) for w in offices) else None))


@cache
def _name_search() -> tuple[WordStarts, Callable, Callable, Callable]:
    """One scan for the mentions of a paragraph (:func:`~.prose.find_at_stems`): the names' stems, and for the stem
    found, ``_MENTION``, ``_ANAPHORA`` and the pattern of the rates' names, each if a first word of its starts it."""
    stems, kinds = _cues()[3]["names"], set(re.findall(_FIRST_WORDS, _KINDS.lower()))
    rates = set(re.findall(_FIRST_WORDS, "|".join(vocabulary()[1][q] for q in RATE_SUBJECTS).lower()))
    at = lambda pattern, firsts: cache(lambda stem: pattern if any(map(stem.startswith, firsts)) else None)  # noqa
    return stems, at(_MENTION, kinds), at(_ANAPHORA, kinds), at(_cues()[2], rates)


def _find(pattern: re.Pattern, stems: str, t: str, low: str, spans: Sequence[tuple[int, int]]) -> list[re.Match]:
    """``pattern``'s matches in the (sorted, disjoint) spans of ``t``, tried only where a word starts with one of
    ``_STEMS[stems]`` (found in ``low``, ``t`` in lower case: a literal search is much faster than re on prose)."""
    return find_at(pattern, t, _cues()[3][stems].starts(low, spans[0][0], spans[-1][1]) if spans else [], spans)


#: conj: goes on with the one before ("Atau ..."); carry: (year, quarter, "dated" or None) it states for what follows
_Sentence = namedtuple("_Sentence", "start end years periods conj carry")


class _Reader:
    """One reading: the headings, the section's year and period, the facts and unresolved figures so far."""

    def __init__(self, subjects: pd.DataFrame, plan_year: int, locate, region: tuple[str, str] | None = None):
        self.names = subjects if isinstance(subjects, SubjectNames) else SubjectNames(subjects)
        self.region = region  # the document's (kind, name); None: regions named are not checked
        self.plan_year, self.lang = int(plan_year), message_language()
        self.locate, self.families = locate or (lambda n: Locator("text", line=n)), quantity_families()
        self.section = self.list_ctx = self.last = self.para_subject = self.para_carry = self.here = None
        self.facts, self.unresolved, self.pending, self.sentence_figs = [], [], [], []
        self.heading_codes, self.unread_headings = {}, []
        self.ranges: list = []  # the year ranges named, (from, to), and the paragraphs left unread (theirs, if needed)
        self.lines_located, self.texts = {}, {}  # each line's locator columns, each message's text

    def finish(self) -> None:
        """Give the Renstra figures the last year of the five-year range the prose names most (around the plan)."""
        if not self.pending:
            return
        ranges = [r for r, _ in Counter(chain.from_iterable(  # in the document's order (ties: the first named)
            [r] if isinstance(r, tuple) else paragraph_ranges(r) if r.kind in ("text", "item") else
            _heading_ranges(_heading_body(r)) for r in self.ranges)).most_common()]
        end = ([r for r in ranges if r[0] <= self.plan_year <= r[1]] + ranges + [(0, None)])[0][1]
        for fact in self.pending:
            fact["year"] = end
            if end is None:
                self.facts.remove(fact)
                self.unresolved.append({**fact, "reason": Message("narrative.unresolved.no_year").render(self.lang)})

    def _mentions(self, t: str, low: str, a: int, b: int, opening: bool = False,
                  before: int | None = None) -> list[tuple[int, int, str | None, str]]:
        """(start, end, subject, level) of every programme, activity or indicator named from ``a`` to ``b`` (subject
        "": a "Program X" that is no subject's, or two subjects'; None: "program ini" with none before it);
        ``opening``: only one named at ``a`` (all a paragraph without figures needs: whether a subject opens it);
        ``before``: only those named before it (where the last figure's words are)."""
        span, (stems, *searches) = [(a, b)], _name_search()
        if opening:  # a word of the stems at a, or none
            if not (stem := stems.trie.match(low, a, b)) or (a and low[a - 1].isalnum()):
                return []
            kinds, anaphora, rates = ([m] if (pattern := at(stem[0])) and (m := pattern.match(t, a, b)) else []
                                      for at in searches)
        else:  # one scan for the three patterns, each tried only where a word it can start with starts
            kinds, anaphora, rates = find_at_stems(stems, t, low, span, searches, before)
        found = [(m.start(), *self._name(t, m.end(), m.lastgroup)[::-1], m.lastgroup) for m in kinds]
        inside = within([f for f in found if f[2]])  # "Kegiatan X" inside a programme's name is part of it
        found = [f for f in found if f[2] or (f[2] == "" and not inside(f[0]))]
        inside = within(found)
        found += [(m.start(), m.end(), None, m.lastgroup) for m in anaphora if not inside(m.start())]
        found += [(m.start(), m.end(), RATE_SUBJECTS[m.lastgroup], "indicator") for m in rates]
        resolved: list[tuple[int, int, str | None, str]] = []
        for s, e, code, level in sorted(found):  # "program ini": the last one of the tables named before, else the
            resolved.append((s, e, code if code is not None else next((  # heading's (the topic, not a "Program X")
                c for _, _, c, lv in reversed(resolved) if lv == level and c), None) or self.heading.get(level), level))
        return resolved

    def _name(self, t: str, pos: int, kind: str | None) -> tuple[str | None, int]:
        """The code of the subject named at ``pos`` and where its name ends. After a word ``kind`` ("program", ...), a
        name in capitals may be the start of one only ("Program Pelatihan Kerja"); "": it fits no name, or two."""
        it, levels = _WORD.finditer(t, pos), _LEVELS[kind] if kind else SUBJECT_LEVELS[:3]
        words = list(islice(it, 2))
        if any(w[0].lower() in self.names.by_word for w in words):
            words += islice(it, min(28, self.names.reach - 2))  # 30 words at most, none that no name can reach
            code, used = self.names.resolve([w[0].lower() for w in words], levels)
            if code:
                return code, words[used - 1].end()
        run = _NAME_RUN.match(t, pos) if kind and not _NOT_NAME.match(t, pos) else None
        return (self.names.prefix(_WORD.findall(run[0].lower()), levels), run.end()) if run else (None, pos)

    def _quantity(self, fig: StatedFigure, t: str, wa: int, parts: dict, prev: StatedFigure | None) -> tuple:
        """(quantity, where its cue starts, rate quantity, realised-like) or (None, reason, None, False)."""
        cues, (starts, ends) = parts["cues"], parts["cue_edges"]
        if fig.unit in ("program", "kegiatan"):  # (those that met or missed a target: a part, not the count)
            if _PART_AFTER.match(t, fig.quote_end):
                return None, "narrative.unresolved.ambiguous_quantity", None, False
            return ("programme_count" if fig.unit == "program" else "activity_count"), None, None, False
        kind = "rupiah" if fig.unit == "rupiah" else "%" if fig.unit in ("%", None) else "count"
        first = bisect.bisect_left(starts, max(wa, prev.quote_end if prev else wa))  # the cues in order, apart
        window = cues[first:bisect.bisect_right(ends, fig.start)]
        level, chosen = False, None
        for n, (cs, ce, cls, word) in enumerate(reversed(window)):
            group, _, name = cls.partition(":")
            gap = [w for w in _WORD.findall(t[ce:fig.start]) if w.lower() not in _GAP_WORDS and not w[0].isupper()]
            if len(gap) > _GAP_LIMIT.get(group, 3) or group == "none" or (group == "share" and re.search(
                    r"[,;]", t[ce:fig.start])):
                break
            if group == "level":
                level = True
            elif group == "rate" and kind == "%":
                further = window[-n - 2] if n + 2 <= len(window) else None
                if further and further[2] in ("up", "down") and not level and len(_WORD.findall(t[further[1]:cs])) <= 1:
                    return ("increase_stated" if further[2] == "up" else "decrease_stated"), further[0], name, False
                if further and further[2] == "target" and len(_WORD.findall(t[further[1]:cs])) <= 1:
                    return "target_stated", further[0], name, False  # "target TPT ... 5,5 %": the rate's target
                chosen = name, cs, name, False
            elif group in ("up", "down") and kind == "%" and not level:
                if _BASE_LEVEL.fullmatch(t, ce, fig.start):
                    return self._base_level(fig, wa, parts, prev)
                return ("increase_stated" if group == "up" else "decrease_stated"), cs, None, False
            elif group == "ach" and kind == "%":  # "ditargetkan 94 % namun hanya tercapai 93 %": the level reached
                reached = word.startswith("tercapai") and prev is not None and prev.quantity == "target_stated" \
                    and not re.search(r"\batau\b", t[prev.end:cs], re.I)
                chosen = ("realization_stated" if reached else "achievement_stated"), cs, None, reached or (
                    word[:5] == "capai" and not _PERFORMANCE_AFTER.match(t, ce))  # "capaian kinerja": achievement
            elif group in ("target", "real") and kind != "rupiah" or group == "share" and kind == "%":
                joined = group == "real" and prev is not None and prev.unit == "rupiah" and re.search(
                    r"\batau\b|\(", t[prev.end:cs])
                chosen = ("absorption_stated" if joined else "target_stated" if group == "target" else
                          "realization_stated"), cs, None, group != "target" and not joined
            elif group in ("target", "budget", "spend", "absorb", "real") and kind == "rupiah":
                chosen = "budget" if group in ("target", "budget") else "spending", cs, None, False
            elif (group == "spend" or group == "absorb" and any(f.unit == "rupiah" for f in self.sentence_figs)) \
                    and kind == "%":
                chosen = "absorption_stated", cs, None, False
            elif group == "absorb" and kind == "%":
                break
            elif group in ("labour", "count") and kind == "count":
                chosen = name, cs, None, False
            if chosen:
                break
        between = t[prev.end:fig.start] if prev is not None and not window else None
        if chosen is None and between is not None and prev.quantity:
            if prev.unit == "rupiah" and kind == "%" and _OR.fullmatch(between):
                chosen = "absorption_stated", None, None, False  # "Rp x dari Rp y atau 80 persen", "(82,36%)"
            elif prev.unit == "rupiah" and kind == "rupiah" and re.fullmatch(r"\W*dari\W*", between, re.I):
                chosen = "budget", None, None, False
            elif prev.unit == fig.unit and any(wa <= m[0] < fig.start and m[2] for m in parts["mentions"]) and re.match(
                    r"\W*(?:dan|serta|sedangkan)\b|\s*[,;]", between, re.I):
                chosen = prev.quantity.replace("total_", ""), None, None, False  # "A Rp x dan B sebesar Rp y"
            elif prev.unit == fig.unit and (m := _THEN.fullmatch(between)) and (prev.quantity in RATE_SUBJECTS or m[1]):
                chosen = prev.quantity, None, prev.quantity if prev.quantity in RATE_SUBJECTS else None, False
        near = cues[bisect.bisect_left(starts, fig.quote_end):bisect.bisect_right(starts, fig.quote_end + 2)]
        after = [c for c in near if c[2].split(":")[0] in ("count", "labour")] if kind == "count" else []
        if after and chosen is None:  # "111.954 orang angkatan kerja": the thing counted after the number
            fig.quote_end, chosen = after[0][1], (after[0][2].split(":")[1], fig.start, None, False)
        if chosen is None:
            return None, "narrative.unresolved.no_quantity", None, False
        k = bisect.bisect_left(starts, chosen[1], first, first + len(window)) - first if chosen[1] is not None else -1
        k = k if 0 <= k < len(window) and window[k][0] == chosen[1] else None  # the chosen cue's place in the window
        while k and window[k - 1][2][:4] == window[k][2][:4] and _GLUE.fullmatch(t, window[k - 1][1], window[k][0]):
            k -= 1  # the quote from the first of the words: "target yang ditetapkan", "Tingkat ... Terbuka (TPT)"
        chosen = (chosen[0], window[k][0] if k is not None else chosen[1], *chosen[2:])
        if kind == "count" and chosen[0] in ("target_stated", "realization_stated") and (
                after or {c[2].split(":")[0] for c in window} & {"count", "labour"}):
            return None, "narrative.unresolved.ambiguous_quantity", None, False
        return chosen

    @staticmethod
    def _base_level(fig: StatedFigure, wa: int, parts: dict, prev: StatedFigure | None) -> tuple:
        """The level a stated change is from (:data:`_BASE_LEVEL`): the quantity of the figure before it in the
        sentence (its unit), of the year written with it, another than that figure's; else unresolved (no such
        figure, no year of its own, or the same year: then the base is another's, a province's or a target)."""
        years = {y for _, y, _ in _between(parts, "years", wa, fig.start)} | ({fig.after_year} - {None, False})
        if prev is not None and prev.quantity and prev.quantity not in _CHANGES and prev.unit == fig.unit and years \
                and prev.year not in years:
            return prev.quantity, None, prev.quantity if prev.quantity in RATE_SUBJECTS else None, False
        return None, "narrative.unresolved.base_of_change", None, False

    def _subject(self, q: str, rate: str | None, fig: StatedFigure, wa: int, parts: dict, prev: StatedFigure | None,
                 p: Paragraph):
        """The subject of a figure, or (None, reason)."""
        if q in _CITY_COUNTS or rate:
            if self.region is not None and (other := other_region(p.text, wa, fig.start, self.region)):
                return None, Message("narrative.unresolved.other_region" if self.region[0] else
                                     "narrative.unresolved.region_unknown", name=other)
            return ("city" if q in _CITY_COUNTS else RATE_SUBJECTS[rate]), None
        budget = self.families[q] == "budget"
        ok = lambda s: s is not None and ((not budget and q not in _STRUCTURE) or s not in INDICATOR_SUBJECTS)  # noqa
        named = _between(parts, "mentions", wa, fig.start)
        if q in _CHANGES:  # of an indicator named with it, or the figure before
            named = [m[2] for m in named if m[3] == "indicator"] + [prev.subject if prev else None]
            return (named[0], None) if named[0] in INDICATOR_SUBJECTS else (None, "narrative.unresolved.no_subject")
        unknown = [m for m in named if m[2] == ""]  # "Program X" of no subject: not the office's, nor an earlier one's
        if unknown:
            return None, Message("narrative.unresolved.unknown_subject", name=p.text[unknown[-1][0]:unknown[-1][1]])
        subjects = {m[2] for m in named if ok(m[2])}
        if len(subjects) > 1:
            return None, Message("narrative.unresolved.ambiguous_subject", subjects=sorted(subjects))
        if subjects or any(m[2] is None for m in named):
            return (subjects.pop(), None) if subjects else (None, "narrative.unresolved.no_subject")
        if q == "programme_count" or ((budget or q == "activity_count") and any(
                wa <= o < fig.start for o in parts["offices"])):
            return "office", None
        earlier = [m for m in reversed(_between(parts, "mentions", 0, wa)) if ok(m[2]) or m[2] == ""][:1]
        carried = [self.here, self.para_subject if p.attached else None]
        for s in chain([prev.subject if prev else None], [m[2] for m in earlier], carried, (  # the heading if reached
                self.heading.get(level) for level in ("sub_kegiatan", "kegiatan", "program"))):
            if s == "":
                return None, Message("narrative.unresolved.unknown_subject", name=p.text[earlier[0][0]:earlier[0][1]])
            if ok(s):
                return s, None
        return None, "narrative.unresolved.no_subject"

    def _in_force(self, sentences: list, k: int, p: Paragraph) -> list[tuple]:
        """The (year, period, kind) in force where a sentence states no year, strongest first."""
        before = sentences[k - 1] if k else None
        conj = [(min(before.years), None, None)] if sentences[k].conj and before and len(before.years) == 1 else []
        return [c for c in (*conj, *(s.carry for s in reversed(sentences[:k])),
                            self.para_carry if p.attached else None, self.list_ctx, self.section) if c]

    def _when(self, q: str, fig: StatedFigure, wa: int, t: str, parts: dict, sentences, k: int, prev, p: Paragraph):
        """(year, period) of a figure, or (None, reason)."""
        sent = sentences[k]
        window = [v for _, _, v in _between(parts, "periods", wa, fig.start)]
        right = [v for _, _, v in _between(parts, "periods", fig.end, fig.end + 4)]
        years = {y for _, y, _ in _between(parts, "years", wa, fig.start)}
        if "renstra" in right or (window and window[-1] == "renstra" and (
                not years or re.search(r"lima|5", t[wa:fig.start]))):
            ends = [int(b) for a, b in YEAR_RANGE.findall(t, sent.start, sent.end) if int(b) - int(a) in (4, 5)]
            return (ends[-1] if ends else _PENDING), "renstra"
        if q in _CHANGES:
            return self._change_year(fig, wa, t, parts, sentences, k, p)
        if len(years) > 1 or (not years and not fig.after_year and len(sent.years) > 1 and not (
                prev and prev.local_year)):
            return None, Message("narrative.unresolved.ambiguous_year", years=sorted(years or sent.years))
        carry = [] if years or fig.after_year or sent.years else self._in_force(sentences, k, p)
        fig.local_year = bool(years or fig.after_year)
        year = (years.pop() if years else fig.after_year or (next(iter(sent.years)) if len(sent.years) == 1 else
                prev.year if sent.years else carry[0][0] if carry else None))
        if _relative(t, parts["low"], wa, fig.start):  # "tahun sebelumnya"
            year, fig.local_year = (year - 1 if year and not fig.local_year else None), False
        if year is None:
            return None, "narrative.unresolved.no_year"
        period = self._period(q, fig, t, sent, window, right, sentences, k, p, year)
        default = bool(carry) and carry[0][2] == "default"  # a quarter in the evaluation: of the running year
        return (self.plan_year - 1 if default and period in _FLOWS else year), period

    def _change_year(self, fig: StatedFigure, wa: int, t: str, parts: dict, sentences, k: int, p: Paragraph):
        """(year, "year") of a stated change: the later of the two years compared (the one after a base named with
        "dibandingkan/dari tahun"); a year written with it, else the sentence's or the one in force and those of the
        subject's rates read before in the paragraph ("Tahun 2020 TKK 93,67%, sehingga naik 0,1%" after 2021's)."""
        sent = sentences[k]
        here = [(s, y) for s, y, _ in parts["years"] if sent.start <= s < sent.end]
        base = {y for s, y in here if _BASE_BEFORE.search(t, max(sent.start, s - 60), s)}
        local = {y for s, y in here if wa <= s < fig.start and y not in base} | {fig.after_year} - {None, False}
        fig.local_year, years = bool(local), local or {y for _, y in here if y not in base}
        if not local:
            years |= {c[0] for c in self._in_force(sentences, k, p)[:1] if not years} | {
                f["year"] for f in self.facts if f["source_line"] in p.numbers and f["subject"] == fig.subject
                and f["quantity"] in RATE_SUBJECTS and f["period"] == "year"}
        if base:
            return (max(base) + 1, "year") if max(base) + 1 in years else (None, Message(
                "narrative.unresolved.change_year", base=max(base), after=max(base) + 1))
        later = max(years, default=None)
        if years - {later, later and later - 1}:
            return None, Message("narrative.unresolved.ambiguous_year", years=sorted(years))
        return (later, "year") if later else (None, "narrative.unresolved.no_year")

    def _period(self, q: str, fig: StatedFigure, t: str, sent, window, right, sentences, k, p, year) -> str:
        """The period of a figure of ``year``: the quarter or date written near it, else the one in force."""
        if q in _STOCKS or (q in _STRUCTURE and not _EXECUTED_AFTER.match(t, fig.end)):
            return "year"
        labour = self.families[q] == "labour"
        if labour or "year" in window or "year" in sent.periods:  # an estimate: of the labour market, or of a year
            clause = _CLAUSE_END.search(t, fig.end, sent.end)
            estimate = _ESTIMATE.search(t, sent.start, fig.start) or _ESTIMATE.search(
                t, fig.end, min(clause.start() if clause else sent.end, fig.next_start or sent.end))
            if labour or estimate:
                return "year_estimate" if estimate else "year"
        flows, quarters = [v for v in window + right if v in _FLOWS], {v for v in sent.periods if v in _FLOWS}
        return flows[-1] if flows else quarters.pop() if len(quarters) == 1 else next(
            (c[1] for c in self._in_force(sentences, k, p) if c[0] == year and c[1]), "year")

    def _text(self, message: Message | str) -> str:
        """A note or reason (a message, or its key) in the reading's language, written once per distinct one."""
        if message not in self.texts:
            self.texts[message] = (message if isinstance(message, Message) else Message(message)).render(self.lang)
        return self.texts[message]

    def _located(self, line: int) -> dict:
        """The locator columns of a fact stated on a line (its ``Locator`` built once per line)."""
        if line not in self.lines_located:
            columns = self.locate(line).columns()
            self.lines_located[line] = {c: columns[c] for c in FACT_OUTPUT_COLUMNS[9:14]}
        return self.lines_located[line]

    def _emit(self, p: Paragraph, fig: StatedFigure, qs: int, q: str | None, subject, year, period, reason) -> None:
        quote, first = p.text[qs:fig.quote_end].strip(), p.numbers[bisect.bisect_right(p.starts, qs) - 1]
        last = p.numbers[bisect.bisect_right(p.starts, max(qs, fig.quote_end - 1)) - 1]
        row = {"quote": quote, "source_line": first, END_LINE_COLUMN: last if last != first else None,
               "value": fig.value, "unit": fig.unit or ""}
        if reason is not None:
            return self.unresolved.append({**row, "reason": self._text(reason)})
        self.facts.append({**row, "quantity": q, "subject": subject, "year": int(year), "period": period,
                           "note": "; ".join([self._text(n) for n in fig.notes]), "origin": "auto",
                           **self._located(first)})
        self.last = (p, self.facts[-1], qs, fig.raw)

    def heading_or_section(self, p: Paragraph) -> None:
        body = _heading_body(p)
        self.para_subject = self.para_carry = None
        digits = "19" in body or "20" in body  # a year starts so: without, no year nor range (a literal is fast)
        self.ranges += _heading_ranges(body)
        if p.kind == "heading":  # read when first needed (:attr:`heading`); what came before it no longer counts
            self.unread_headings = [partial(self._heading_opened, p.text, words_start(p))]
            return
        self._set_heading(None)
        years, self.list_ctx = {int(y) for y in _YEAR_RE.findall(body)} if digits else set(), None
        self.section = (years.pop(), "year", None) if len(years) == 1 and not YEAR_RANGE.search(body) else next(
            ((self.plan_year + d, "year", "default") for pattern, d in _DEFAULT_YEAR if pattern.search(body)), None)

    def _lead(self, t: str, start: int) -> tuple[str | None, int]:
        """The subject a heading or a list item opens with (a name, then the end or a punctuation mark), and its end."""
        m = _MENTION.match(t, start)
        code, end = self._name(t, m.end() if m else start, m and m.lastgroup)
        return (code, end) if code and _NAME_END.match(t, end) else (None, start)

    @property
    def heading(self) -> dict[str, str]:
        """The codes, by level, of the subject the last heading or list item opens with ({} after a section), read
        when first needed (``unread_headings``: what headings and paragraphs without figures open with, in order;
        most are followed by no figure before the next). Read from the last: the first that names one decides (None:
        the one before stays); one that asks for the heading before it (:meth:`_mentions`) reads those so."""
        unread = self.unread_headings
        while unread:
            if (codes := unread.pop()()) is not None:
                self.heading_codes = codes
                unread.clear()
        return self.heading_codes

    def _set_heading(self, code: str | None) -> None:
        self.heading_codes, self.unread_headings = _heading_codes(code), []

    def _heading_opened(self, t: str, start: int) -> dict[str, str]:
        """The heading after a heading line: the subject it opens with, or none."""
        return _heading_codes(self._lead(t, start)[0])

    def _paragraph_opened(self, p: Paragraph, low: str, start: int, digits: bool) -> dict[str, str] | None:
        """The heading after a paragraph without figures, as :meth:`paragraph` sets it for one with figures: the
        subject a list item (or a "Program X" at its start) opens it with; else, in a paragraph with numbers, what
        a "Program X" of no subject or a "program ini" at its start names; else None (the heading before it)."""
        t = p.text
        lead = self._lead(t, start)[0] if p.kind == "item" or _MENTION.match(t, start) else None
        if lead:
            return _heading_codes(lead)
        opening = self._mentions(t, low, start, start + 300, opening=True) if digits else []
        if opening and opening[0][0] == start and opening[0][3] != "indicator" and opening[0][2] is not None:
            return _heading_codes(opening[0][2])
        return None

    def paragraph(self, p: Paragraph, after_heading: bool) -> None:
        t, start = p.text, words_start(p)
        if not p.attached or p.kind == "item":
            self.para_subject = self.para_carry = None
        self.here = None  # the subject of this paragraph's last fact
        self.list_ctx = None if p.kind == "text" and not after_heading else self.list_ctx
        digit = digit_in(t)
        if not digit.search(t, p.body):  # no number: only what it opens with, read when needed (:attr:`heading`)
            return self.unread_headings.append(partial(self._paragraph_opened, p, "", start, False))
        split, low = sentence_spans(t, p.body), t.lower()
        low = low if len(low) == len(t) else "".join(c if len(c.lower()) > 1 else c.lower() for c in t)
        digits = [(a, b) for a, b in split if digit.search(t, a, b)]
        years, numbers = years_and_numbers(t, digits, self.ranges) if digits else ([], [])
        firsts, found = [n[0] for n in numbers], []
        for sa, sb in split:  # the figures of each sentence
            figs, end = [], sa
            for s, e, token in numbers[bisect.bisect_left(firsts, sa):bisect.bisect_left(firsts, sb)]:
                fig = figure_at(t, s, e, token, sa) if s >= end else None
                figs, end = (figs + [fig], fig.end) if fig else (figs, end)
            found.append(figs)
        if not any(found):  # what it opens with is read when needed (:attr:`heading`)
            self.unread_headings.append(partial(self._paragraph_opened, p, low, start, bool(digits)))
            return self._without_figures(p, t, low, split, years) if digits else None
        lead, lead_end = self._lead(t, start) if p.kind == "item" or _MENTION.match(t, start) else (None, start)
        self._set_heading(lead) if lead else None
        last = max(max(f.start + 1, f.quote_end + 61 if f.unit in _COUNT_UNITS else 0) for figs in found for f in figs)
        mentions = self._mentions(t, low, p.body, len(t), before=last)  # (none after: read for the figures' words)
        if lead and not any(m[0] == start for m in mentions):
            mentions.insert(0, (start, lead_end, lead, "kegiatan" if lead.count(".") >= 4 else "program"))
        elif not lead and mentions and mentions[0][0] == start and mentions[0][3] != "indicator" and (
                mentions[0][2] is not None):  # "" (a "Program X" of no subject) heads what follows: no earlier one
            self._set_heading(mentions[0][2])
        inside, figures = within([m for m in mentions if m[3] != "indicator" and m[2]]), []
        for (sa, _), figs in zip(split, found):  # each figure with where its words start: after the one before
            kept = [f for f in figs if not inside(f.start)]
            for f, g in zip(kept, kept[1:]):
                f.next_start = g.start
            figures.append([(f, kept[i - 1].end if i else sa) for i, f in enumerate(kept)])
        windows = merged([(max(wa, f.start - 250), f.start) for figs in figures for f, wa in figs] + [
            (f.quote_end, min(f.quote_end + 60, f.next_start or sb)) for (_, sb), figs in zip(split, figures)
            for f, _ in figs if f.unit in _COUNT_UNITS])
        here = [[y for y in years if sa <= y[0] < sb] for sa, sb in split]  # the years each sentence states
        plain = [len({y for _, y, _ in h}) == 1 and not _find(_ASIDE, "aside", t, low, [span])
                 for h, span in zip(here, split)]  # one year, nothing compared nor estimated: it frames what follows
        framing = digits if any(figures) else [span for span, pl in zip(split, plain) if pl]  # periods read in them
        cue_class, (stems, cue_at, office_at) = _cues()[1], _cue_search()
        cues, offices = find_at_stems(stems, t, low, windows, (cue_at, office_at))
        parts = {"low": low, "mentions": mentions, "years": years, "periods": _periods(t, low, framing),
                 "cues": [(m.start(), m.end(), cue_class[m.lastgroup], m.group().lower())
                          for m in cues if not inside(m.start())],
                 "offices": [m.start() for m in offices if not inside(m.start())]}
        parts["cue_edges"] = [c[0] for c in parts["cues"]], [c[1] for c in parts["cues"]]
        parts.update({f"{name}@": [x[0] for x in parts[name]] for name in ("mentions", "years", "periods")})
        sentences, structure_only = [], True
        for k, ((sa, sb), figs) in enumerate(zip(split, figures)):
            stated, periods = {y for _, y, _ in here[k]}, {v for s, _, v in parts["periods"] if sa <= s < sb}
            quarter = [v for v in periods if v in _FLOWS]
            sentences.append(_Sentence(sa, sb, stated, periods, bool(_CONJUNCTION_START.match(t, sa)), (
                next(iter(stated)), quarter[0] if len(quarter) == 1 else None,
                "dated" if all(kind == "date" for _, _, kind in here[k]) else None) if plain[k] else None))
            prev, self.sentence_figs = None, []
            for fig, wa in figs:
                if not fig.restated:
                    structure_only &= self._read_figure(p, fig, wa, parts, sentences, k, prev)
                    prev = fig
                    self.sentence_figs.append(fig)
                elif self.last and self.last[0] is p and self.last[1]["unit"] == fig.unit and self.last[3] == fig.raw:
                    self.last[1]["quote"] = t[self.last[2]:fig.quote_end].strip()  # "... 1.000 orang. Target 1.000
                    self.last[1][END_LINE_COLUMN] = p.numbers[bisect.bisect_right(p.starts, fig.quote_end - 1) - 1]
        self._framed(p, [s.carry for s in sentences if s.carry], structure_only)

    def _without_figures(self, p: Paragraph, t: str, low: str, split: list, years: list) -> None:
        """The rest of a paragraph with numbers but no figure: the year (and quarter) each of its sentences states
        plainly, for what follows (as :meth:`paragraph` reads them; no more)."""
        if not years:  # no year stated: none carried
            return self._framed(p, [], True)
        here = [[y for y in years if sa <= y[0] < sb] for sa, sb in split]
        plain = [span for h, span in zip(here, split) if len({y for _, y, _ in h}) == 1
                 and not _find(_ASIDE, "aside", t, low, [span])]
        periods, carried = _periods(t, low, plain), []
        for (sa, sb), h in zip(split, here):
            if (sa, sb) in plain:
                quarter = [v for v in {v for s, _, v in periods if sa <= s < sb} if v in _FLOWS]
                carried.append((h[0][1], quarter[0] if len(quarter) == 1 else None,
                                "dated" if all(kind == "date" for _, _, kind in h) else None))
        self._framed(p, carried, True)

    def _framed(self, p: Paragraph, carried: list[tuple], structure_only: bool) -> None:
        """What a paragraph's sentences state plainly (``carried``: their (year, quarter, kind)) frames for what
        follows: the next paragraph, a list it opens, or the section (a paragraph with no other figure)."""
        self.para_carry = carried[-1] if carried else self.para_carry
        if opens_list(p.text):
            self.list_ctx = carried[-1] if carried else None
        carried = [c for c in carried if not c[2]]  # a paragraph without other figures frames what follows
        if structure_only and p.kind == "text" and len({c[0] for c in carried}) == 1:
            year, quarters = carried[0][0], {c[1] for c in carried if c[1]}
            self.section = (year, quarters.pop() if len(quarters) == 1 else (
                self.section[1] if self.section and self.section[0] == year else "year"), None)

    def _read_figure(self, p: Paragraph, fig: StatedFigure, wa: int, parts: dict, sentences, k: int, prev) -> bool:
        """Read one figure into a fact or an unresolved row; True when it counts programmes or activities."""
        t = p.text
        q, cue, rate, realised = self._quantity(fig, t, wa, parts, prev)
        qs = cue if q is not None and cue is not None else _quote_start(t, wa, fig.start)
        if q is None:
            return self._emit(p, fig, qs, None, None, None, None, cue) or False
        subject, why = self._subject(q, rate, fig, wa, parts, prev, p)
        fig.quantity, fig.subject = q, subject
        if subject in INDICATOR_SUBJECTS and realised:  # "realisasi"/"capaian" of a rate: the rate itself
            q = next((r for r, name in RATE_SUBJECTS.items() if name == subject), q)
        q = "total_" + q if subject == "office" and q in ("budget", "spending") else q
        year, period = self._when(q, fig, wa, t, parts, sentences, k, prev, p) if why is None else (None, why)
        fig.year = year
        if year is not None and fig.unit is None and prev and prev.unit == "%" and _DARI.search(t, prev.end, fig.start):
            fig.unit = "%"
            fig.notes.append(Message("narrative.note.unit_inferred", unit="%"))
        if year is not None and year != _PENDING and fig.unit not in QUANTITY_UNITS.get(q, UNITS):
            year, period = None, Message("narrative.unresolved.unit", unit=fig.unit or "-", quantity=q)
        self._emit(p, fig, qs, q, subject, year if year != _PENDING else 0, period, None if year else period)
        self.pending += self.facts[-1:] if year == _PENDING else []
        self.para_subject = self.here = subject if year and subject else self.para_subject
        return q in _STRUCTURE


def _heading_body(p: Paragraph) -> str:
    """A heading's words, without its list marker and the marks around them."""
    return p.text[p.body:].strip(" *_,.;:")


def _heading_ranges(body: str) -> list[tuple[int, int]]:
    """The ranges of five years or so a heading names ("2021-2026"); a year starts "19" or "20" (looked for first)."""
    return [(int(a), int(b)) for a, b in YEAR_RANGE.findall(body) if int(b) - int(a) in (4, 5)] if (
        "19" in body or "20" in body) else []


def _heading_codes(code: str | None) -> dict[str, str]:
    """The codes of a subject's programme, activity and sub-activity (``{}`` for none)."""
    parts = code.split(".") if code else []
    return {lv: ".".join(parts[:n]) for lv, n in (("program", 3), ("kegiatan", 5), ("sub_kegiatan", 6))
            if len(parts) >= n}


def _between(parts: dict, name: str, a: int, b: int) -> list[tuple]:
    """The items of ``parts[name]`` (in order) that start from ``a`` to before ``b``: bisection on ``name + "@"``."""
    starts = parts[name + "@"]
    return parts[name][bisect.bisect_left(starts, a):bisect.bisect_left(starts, b)]


def _relative(t: str, low: str, a: int, b: int) -> bool:
    """Whether ``t[a:b]`` says "tahun sebelumnya/lalu"; ``low`` (``t`` in lower case) is searched for "tahun" first
    (fast): no other letter folds to those of "tahun" (as "ı" does to "i"), so re can find the words only there."""
    return low.find("tahun", a, b) >= 0 and _RELATIVE.search(t, a, b) is not None


def _quote_start(t: str, wa: int, a: int) -> int:
    m = _QUOTE_HEAD.search(t[max(wa, a - 40):a])
    return max(wa, a - 40) + m.start() if m else a


def _periods(t: str, low: str, spans: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), _QUARTERS[m.group("qn").lower()] if m.group("q") else
             ("Q2" if m.group("sn").lower() in ("i", "1", "pertama") else "Q4") if m.group("sem") else
             "year" if m.group("end") else
             _MONTH_QUARTER.get((m.group("month") or "").lower(), "to_date") if m.group("now") else "renstra")
            for m in _find(_PERIOD, "periods", t, low, spans)]


def _sections(paras: list[Paragraph]) -> list[list[Paragraph]]:
    """The paragraphs in runs, each from a section heading to the next (the first: from the document's start)."""
    runs: list[list[Paragraph]] = [[]]
    for p in paras:
        runs.append([p]) if p.kind == "section" and runs[-1] else runs[-1].append(p)
    return runs


def _last_to_read(run: list[Paragraph]) -> int:
    """Where in a section (:func:`_sections`) the last paragraph that can hold a figure is (-1: none); the paragraphs
    after it are left unread but for the year ranges they name (read if a Renstra figure needs them): what they frame
    ends at the next section heading, which sets all anew (:meth:`_Reader.heading_or_section`). The whole section is
    asked first (one search: most hold no figure)."""
    if not any_may_hold_figure([p for p in run if p.kind in ("text", "item")]):
        return -1
    return next((k for k in range(len(run) - 1, -1, -1) if run[k].kind in ("text", "item")
                 and may_hold_figure(run[k])), -1)


def read_narrative(lines: Sequence[str], subjects: pd.DataFrame | SubjectNames, *, plan_year: int,
                   locate: Callable[[int], Locator] | None = None,
                   region: tuple[str, str] | None = None) -> NarrativeReading:
    """The figures stated in a document's prose, read into the facts schema (see the module docstring).

    ``lines[n - 1]`` is line ``n``; ``subjects``: :func:`subjects_from` (or its names, a
    :class:`~renja_lib.read.subject_names.SubjectNames`); ``locate``: line -> ``Locator``
    (default: a text file's line); ``region``: the document's ``(region_kind, region_name)`` as its identity reads
    them (``("", "")`` when it cannot be read): a rate or a count of the city whose words name another region
    ("TPT Provinsi Jawa Timur", "TPT nasional") is left unresolved; None: regions named are not checked. Notes and
    reasons are in :func:`~renja_lib.text.message_language`.

    >>> from renja_lib import load
    >>> doc = load()
    >>> r = read_narrative(doc.source.lines, subjects_from(doc), plan_year=2023, locate=doc.locator)
    >>> row = r.facts[(r.facts.quantity == "labour_force")].iloc[0]
    >>> int(row.value), row.subject, int(row.year)
    (111954, 'city', 2021)
    """
    if isinstance(plan_year, bool) or not isinstance(plan_year, int) or not 1900 <= plan_year <= 2100:
        raise RenjaError(Message("narrative.error.plan_year", got=repr(plan_year)))
    if not isinstance(subjects, SubjectNames) and (missing := [c for c in ("code", "name", "level")
                                                               if c not in getattr(subjects, "columns", ())]):
        raise RenjaError(Message("narrative.error.subjects", missing=", ".join(missing)))
    reader, after_heading = _Reader(subjects, plan_year, locate, region), False
    for run in _sections(paragraphs(lines)):
        last = _last_to_read(run)
        for k, p in enumerate(run):
            if k > last:  # (a section left unread: its heading too, whose framing the next section's sets anew)
                reader.ranges.append(p)
            elif p.kind in ("heading", "section"):
                reader.heading_or_section(p)
            else:
                reader.paragraph(p, after_heading)
            after_heading = p.kind == "heading"
    reader.finish()
    return NarrativeReading(frame(reader.facts, FACT_OUTPUT_COLUMNS), frame(reader.unresolved, UNRESOLVED_COLUMNS))

