"""Small files and lookups the tests of the user-table readers share: a BPS website table written from its
published shape, an account row of a read DJPK export, and the data rows of a CSV."""
from __future__ import annotations

from pathlib import Path

import pandas as pd


def bps_table(tmp_path: Path, name: str, years, rows) -> Path:
    """A BPS website table (one title row, years over Agustus), regions as rows: ``rows`` are
    ``(region, [value per year])``; values written as given, quoted."""
    head = "Kabupaten/Kota," + ",".join(str(y) for y in years) + "\n," + ",".join("Agustus" for _ in years) + "\n"
    body = "".join(f"{region}," + ",".join(f'"{v}"' for v in values) + "\n" for region, values in rows)
    path = tmp_path / name
    path.write_text("Tingkat Pengangguran Terbuka (TPT) Menurut Kabupaten/Kota (Persen)\n\n" + head + body +
                    "Sumber: Sakernas Agustus\n", encoding="utf-8")
    return path


def account_row(budget, key: str) -> pd.Series:
    """The one row of account ``key`` of a read DJPK export (``CityBudget``)."""
    rows = budget.accounts[budget.accounts["account_key"] == key]
    assert len(rows) == 1, key
    return rows.iloc[0]


def data_rows(path: Path) -> list[int]:
    """The row numbers of the data rows of a one-line-per-record CSV whose header is its first line."""
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    return [i for i, line in enumerate(lines, start=1) if i > 1 and line.strip()]
