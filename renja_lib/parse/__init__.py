"""Parse: the document's notations, with nothing else to know.

- :mod:`~renja_lib.parse.numbers`: Indonesian numbers (``5.168.369.010``, ``28,50%``, ``135 orang``).
- :mod:`~renja_lib.parse.codes`: programme codes (``2 07 01 2.01 01`` -> ``2.07.01.2.01.01``, level, parent).
"""
from .codes import parse_code
from .numbers import NumberParseError, parse_number, parse_quantity, parse_rupiah

__all__ = ["parse_code", "parse_number", "parse_quantity", "parse_rupiah", "NumberParseError"]
