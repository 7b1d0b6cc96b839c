"""One place for paths, anchored on the project root."""
from __future__ import annotations

import os
from pathlib import Path

__all__ = ["PROJECT_ROOT", "RAW_DIR", "PROCESSED_DIR", "REPORTS_DIR", "NOTEBOOKS_DIR", "DEFAULT_SOURCE"]

PROJECT_ROOT = Path(os.environ.get("RENJA_PROJECT_ROOT", Path(__file__).resolve().parent.parent))
RAW_DIR = PROJECT_ROOT / "data" / "raw"
PROCESSED_DIR = PROJECT_ROOT / "data" / "processed"
REPORTS_DIR = PROJECT_ROOT / "reports"
NOTEBOOKS_DIR = Path(os.environ.get("RENJA_NOTEBOOKS_DIR", PROJECT_ROOT / "notebooks"))
#: The bundled document: the default wherever a source is optional.
DEFAULT_SOURCE = RAW_DIR / "renja_disnaker_kota_pasuruan_2023.txt"
