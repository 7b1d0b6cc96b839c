"""Read: from the user's file to tidy tables, every value with where it came from.

- :mod:`~renja_lib.read.source`: bytes to lines (encodings, line ends, page breaks); the one check every user
  file goes through (no pipes, no devices, a size bound).
- :mod:`~renja_lib.read.find_tables`: where each table starts and ends, by its title.
- :mod:`~renja_lib.read.parse_rows`: the rows of each table into records, cells that cannot be read listed.
- :mod:`~renja_lib.read.schema`: the column types of every table.
- :mod:`~renja_lib.read.locator`: where a value, fact, problem or finding comes from (:class:`Locator`: kind,
  page, line, table, row, column), the flat ``source_*`` columns every table carries, and how it is written for
  people (``hal. 12, Tabel 2.1 baris 5``, ``baris 368``).
- :mod:`~renja_lib.read.narrative_facts`: the figures of the narrative, curated in a facts file and checked
  against the words of the document.
- :mod:`~renja_lib.read.user_tables`: the one reader of the tables users give (CSV or .xlsx): encoding,
  delimiter, header under title rows, footnotes, indentation, the decimal mark and unit of every number column.
- :mod:`~renja_lib.read.spending`: a user's spending file (budget and spending per account and period), its
  hierarchy and the flags of values that are not believable.
- :mod:`~renja_lib.read.document`: :func:`load`, all of the above into one :class:`Renja`.
"""
from .document import Renja, load

__all__ = ["load", "Renja"]
