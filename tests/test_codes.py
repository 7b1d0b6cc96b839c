import pytest

from renja_lib.parse.codes import parse_code


@pytest.mark.parametrize("text, canonical, level, parent", [
    ("2", "2", "urusan", None),
    ("2 07", "2.07", "bidang", "2"),
    ("2 07 01", "2.07.01", "program", "2.07"),
    ("2 07 01 2. 01", "2.07.01.2.01", "kegiatan", "2.07.01"),
    ("2 07 01 2.06 01", "2.07.01.2.06.01", "sub_kegiatan", "2.07.01.2.06"),
    ("2 07 01 2. 01 01", "2.07.01.2.01.01", "sub_kegiatan", "2.07.01.2.01"),
    ("2.07.01.2.01.01", "2.07.01.2.01.01", "sub_kegiatan", "2.07.01.2.01"),
    ("2.07.03.2.01.0001", "2.07.03.2.01.0001", "sub_kegiatan", "2.07.03.2.01"),
    ("3 32 03 2.01 20", "3.32.03.2.01.20", "sub_kegiatan", "3.32.03.2.01"),
])
def test_codes_in_every_spelling(text, canonical, level, parent):
    code = parse_code(text)
    assert (code.canonical, code.level, code.parent) == (canonical, level, parent)


@pytest.mark.parametrize("text", ["", "No.", "Kode", "2 07 01 2", "2 7", "2 07 01 2.01 123", "abc"])
def test_not_codes(text):
    assert parse_code(text) is None
