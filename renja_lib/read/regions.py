"""Region names as tables write them, made comparable: ``KOTA PASURUAN``, ``Kota Pasuruan`` and ``Pasuruan (Kota)``
are one region; ``Kabupaten Pasuruan`` is another.

A region's name is read into its **level** (``kota``, ``kabupaten``, ``provinsi``, ``nasional``; see
:data:`LEVELS`) and its **name**. The level is written before the name (``Kota``, ``Kab.``, ``Kabupaten``,
``Provinsi``, ``Prov.``, ``Kota Adm.``, ``Pemerintah Kota``, ``Pemkot``, ``Pemkab``), after it in brackets
(``Pasuruan (Kota)``, ``Pasuruan (Kab.)``) or in English words (``Pasuruan City``, ``Pasuruan Regency``,
``Pasuruan Municipality``, ``Jawa Timur Province``, ``City of Pasuruan``). A name with no level word (BPS writes
the kabupaten of a province's table so: ``Pasuruan``) keeps the level None: only the table around it can tell
(:func:`level_of_code`, :func:`province_named`); :mod:`renja_lib.read.bps` does.

The **key** (:attr:`RegionName.key`) compares names: the level, a colon and the name in lower case without
spaces, dots or hyphens (``kota:pasuruan``; ``Bau-Bau`` and ``Baubau``, ``Tanjung Pinang`` and ``Tanjungpinang``
are one name; ``Kep.`` is ``Kepulauan``). A region code before the name (``3575 Kota Pasuruan``,
``[3575] Kota Pasuruan``) is kept apart (:attr:`RegionName.code`), and so are footnote marks after it
(``Kota Batu*``). The **display** name (:attr:`RegionName.display`) is the level word and the name as written,
in title case when the table wrote it in capitals (``Kota Pasuruan``).

>>> region_key("KOTA PASURUAN") == region_key("Kota Pasuruan") == region_key("Pasuruan (Kota)")
True
>>> region_key("Kabupaten Pasuruan") == region_key("Kota Pasuruan")
False
>>> parse_region("3575 KOTA PASURUAN").display, parse_region("Kab. Kep. Seribu").key
('Kota Pasuruan', 'kabupaten:kepulauanseribu')
>>> parse_region("Pasuruan").level is None, province_named("JAWA TIMUR"), level_of_code("3575")
(True, 'Jawa Timur', 'kota')
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = ["LEVELS", "PROVINCES", "RegionName", "parse_region", "region_key", "province_named",
           "province_of_code", "level_of_code", "compact_name"]

#: The levels of a region, as codes (the words are the table's, never translated).
LEVELS: tuple[str, ...] = ("nasional", "provinsi", "kabupaten", "kota")

#: The 38 provinces: BPS/Kemendagri code (two digits; None where the new Papuan provinces' codes differ between
#: the two) and name as BPS writes it.
PROVINCES: tuple[tuple[str | None, str], ...] = (
    ("11", "Aceh"), ("12", "Sumatera Utara"), ("13", "Sumatera Barat"), ("14", "Riau"), ("15", "Jambi"),
    ("16", "Sumatera Selatan"), ("17", "Bengkulu"), ("18", "Lampung"), ("19", "Kepulauan Bangka Belitung"),
    ("21", "Kepulauan Riau"), ("31", "DKI Jakarta"), ("32", "Jawa Barat"), ("33", "Jawa Tengah"),
    ("34", "DI Yogyakarta"), ("35", "Jawa Timur"), ("36", "Banten"), ("51", "Bali"), ("52", "Nusa Tenggara Barat"),
    ("53", "Nusa Tenggara Timur"), ("61", "Kalimantan Barat"), ("62", "Kalimantan Tengah"),
    ("63", "Kalimantan Selatan"), ("64", "Kalimantan Timur"), ("65", "Kalimantan Utara"),
    ("71", "Sulawesi Utara"), ("72", "Sulawesi Tengah"), ("73", "Sulawesi Selatan"), ("74", "Sulawesi Tenggara"),
    ("75", "Gorontalo"), ("76", "Sulawesi Barat"), ("81", "Maluku"), ("82", "Maluku Utara"),
    (None, "Papua"), (None, "Papua Barat"), (None, "Papua Barat Daya"), (None, "Papua Selatan"),
    (None, "Papua Tengah"), (None, "Papua Pegunungan"),
)
#: other ways of writing a province's name (compact form -> the name of :data:`PROVINCES`)
_PROVINCE_ALIASES = {
    "nanggroeacehdarussalam": "Aceh", "nad": "Aceh", "bangkabelitung": "Kepulauan Bangka Belitung",
    "babel": "Kepulauan Bangka Belitung", "kepri": "Kepulauan Riau", "jakarta": "DKI Jakarta",
    "daerahkhususibukotajakarta": "DKI Jakarta", "dkijakartaraya": "DKI Jakarta",
    "daerahistimewayogyakarta": "DI Yogyakarta", "yogyakarta": "DI Yogyakarta", "diy": "DI Yogyakarta",
    "ntb": "Nusa Tenggara Barat", "ntt": "Nusa Tenggara Timur", "westjava": "Jawa Barat",
    "centraljava": "Jawa Tengah", "eastjava": "Jawa Timur", "westsumatera": "Sumatera Barat",
    "northsumatera": "Sumatera Utara", "southsumatera": "Sumatera Selatan",
}
_NATIONAL = {"indonesia", "nasional", "national"}

_PREFIX = re.compile(
    r"^(?:(?P<kota>pemerintah\s+kota|pemkot|kota\s+administrasi|kota\s+adm\.?|kota|city\s+of|municipality\s+of)"
    r"|(?P<kabupaten>pemerintah\s+kabupaten|pemkab|kabupaten\s+administrasi|kabupaten|kab\.?|regency\s+of)"
    r"|(?P<provinsi>pemerintah\s+provinsi|pemprov|provinsi|propinsi|prov\.?|province\s+of))(?:\s+|(?<=\.))",
    re.IGNORECASE)
_SUFFIX = re.compile(
    r"(?:\s+|^)(?:(?P<kota>city|municipality|kota)|(?P<kabupaten>regency|kabupaten)|(?P<provinsi>province))$",
    re.IGNORECASE)
_BRACKET = re.compile(r"\s*\((?:(?P<kota>kota|city|municipality)|(?P<kabupaten>kab\.?|kabupaten|regency)"
                      r"|(?P<provinsi>prov\.?|provinsi|province))\)$", re.IGNORECASE)
_CODE = re.compile(r"^\[?(?P<code>\d{2}(?:\d{2})?(?:\.\d{2})?)\]?(?:\s*[-.:)]\s*|\s+)(?=\D)")
_MARKS = re.compile(r"(?:\s*(?:[*†‡¹²³⁴⁵]+|\(\d{1,2}\)|\d{1,2}\)))+$")
_KEP = re.compile(r"\bkep\.\s*", re.IGNORECASE)
_NOT_NAME = re.compile(r"[^0-9a-z]+")
_SPACES = re.compile(r"\s+")


def compact_name(name: str) -> str:
    """A name in lower case, without accents, spaces, dots or hyphens, ``Kep.`` written out (``kepulauanseribu``)."""
    text = unicodedata.normalize("NFKD", _KEP.sub("kepulauan ", name))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _NOT_NAME.sub("", text.casefold())


_PROVINCE_BY_COMPACT = {compact_name(name): name for _, name in PROVINCES} | _PROVINCE_ALIASES
_PROVINCE_BY_CODE = {code: name for code, name in PROVINCES if code}


@dataclass(frozen=True)
class RegionName:
    """A region's name as read: ``written`` the text as given, ``level`` (:data:`LEVELS`, None when no word
    says it), ``name`` the name without level, code or marks (as written), ``code`` the region code written
    before it (or None)."""

    written: str
    level: str | None
    name: str
    code: str | None = None

    @property
    def key(self) -> str:
        """``level:compactname`` (``kota:pasuruan``; ``:pasuruan`` when the level is unknown)."""
        return f"{self.level or ''}:{compact_name(self.name)}"

    @property
    def display(self) -> str:
        """The level word and the name (``Kota Pasuruan``, ``Provinsi Jawa Timur``; ``Indonesia``), the name in
        title case when it was written in capitals."""
        name = self.name
        if name.isupper():
            name = " ".join(w if w in ("DKI", "DI") else w.capitalize() for w in name.split())
        if self.level in ("kota", "kabupaten", "provinsi"):
            return f"{self.level.capitalize()} {name}"
        return name

    def with_level(self, level: str | None) -> RegionName:
        """The same name at ``level`` (a table's context telling what the name alone did not)."""
        return RegionName(self.written, level, self.name, self.code)


def parse_region(text: str) -> RegionName:
    """The level, name and code of a region's name as written (see the module docstring).

    >>> parse_region("Pasuruan (Kota)").key, parse_region("Jawa Timur Province").display
    ('kota:pasuruan', 'Provinsi Jawa Timur')
    """
    written = str(text)
    s = _SPACES.sub(" ", unicodedata.normalize("NFKC", written).replace("\u00a0", " ")).strip()
    code = None
    m = _CODE.match(s)
    if m:
        code, s = m.group("code").replace(".", ""), s[m.end():].strip()
    s = _MARKS.sub("", s).strip()
    level = None
    for pattern in (_PREFIX, _BRACKET, _SUFFIX):
        m = pattern.search(s)
        if m and m.group(0).strip() != s:
            level = next(k for k in ("kota", "kabupaten", "provinsi") if m.group(k))
            s = (s[m.end():] if pattern is _PREFIX else s[:m.start()]).strip(" ,.-")
            break
    if level is None and compact_name(s) in _NATIONAL:
        level = "nasional"
    return RegionName(written, level, s, code)


def region_key(text: str) -> str:
    """The key of a region's name (``kota:pasuruan``): equal for two ways of writing one region.

    >>> region_key("Kota Pasuruan"), region_key("Kabupaten Pasuruan"), region_key("Pasuruan")
    ('kota:pasuruan', 'kabupaten:pasuruan', ':pasuruan')
    """
    return parse_region(text).key


def province_named(name: str) -> str | None:
    """The province (its name in :data:`PROVINCES`) a name without level word names, or None.

    >>> province_named("D.I. Yogyakarta"), province_named("Kep. Riau"), province_named("Pasuruan")
    ('DI Yogyakarta', 'Kepulauan Riau', None)
    """
    return _PROVINCE_BY_COMPACT.get(compact_name(name))


def province_of_code(code: str) -> str | None:
    """The province of a BPS domain or region code (``3500``, ``3575``, ``35``), or None.

    >>> province_of_code("3500"), province_of_code("0000")
    ('Jawa Timur', None)
    """
    code = str(code).strip()
    return _PROVINCE_BY_CODE.get(code[:2]) if len(code) in (2, 4) and code.isdigit() else None


def level_of_code(code: str) -> str | None:
    """The level a region code says: ``0000`` nasional, ``35``/``3500`` provinsi, ``3501``-``3569`` kabupaten,
    ``3571``-``3599`` kota (BPS and Kemendagri number kota from 71); None for anything else.

    >>> [level_of_code(c) for c in ("0000", "3500", "3514", "3575", "x")]
    ['nasional', 'provinsi', 'kabupaten', 'kota', None]
    """
    code = str(code).strip()
    if not code.isdigit() or len(code) not in (2, 4):
        return None
    if set(code) == {"0"}:
        return "nasional"
    if len(code) == 2 or code.endswith("00"):
        return "provinsi"
    return "kota" if int(code[2:]) >= 71 else "kabupaten"
