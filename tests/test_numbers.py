import re
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from renja_lib.parse.numbers import NumberParseError, Quantity, parse_number, parse_quantity, parse_rupiah


def write_indonesian(value: Decimal, decimals: int) -> str:
    """Write a non-negative number the Indonesian way, independently of the parser."""
    q = value.quantize(Decimal(1).scaleb(-decimals)) if decimals else value.quantize(Decimal(1))
    whole, _, frac = f"{q:f}".partition(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    text = ".".join(groups)
    return f"{text},{frac}" if frac else text


@given(st.integers(min_value=0, max_value=10**15), st.integers(min_value=0, max_value=3))
def test_indonesian_number_parses_back_to_itself(units, decimals):
    value = Decimal(units).scaleb(-decimals)
    written = write_indonesian(value, decimals)
    assert parse_number(written) == value


@given(st.integers(min_value=0, max_value=10**13))
def test_rupiah_amount_parses_back_to_itself(amount):
    assert parse_rupiah(write_indonesian(Decimal(amount), 0)) == amount


@given(st.text(min_size=1, max_size=12).filter(lambda s: any(ch.isalpha() for ch in s)))
def test_text_with_letters_is_refused(junk):
    with pytest.raises(NumberParseError):
        parse_number(junk)


@pytest.mark.parametrize("junk", [
    "3.456.5O9.470",   # letter O for a zero
    "1.234567,00",     # grouping that is not Indonesian grouping
    "1.11",            # a decimal point where the comma belongs
    "345.876.63",
    "NaN", "Infinity", "1E5", "١٢", "1,5,5", "", "  ",
])
def test_junk_numbers_are_refused(junk):
    with pytest.raises(NumberParseError):
        parse_number(junk)


@pytest.mark.parametrize("cell, expected", [
    ("98,14 %", Quantity(98.14, "%")),
    ("28,50%", Quantity(28.5, "%")),
    ("7 dokumen", Quantity(7.0, "dokumen")),
    ("- event", Quantity(None, "event")),
    ("-", Quantity(None, None)),
    ("", Quantity(None, None)),
    ("23 orang/bulan", Quantity(23.0, "orang/bulan")),
    ("25 perusahaan kecil", Quantity(25.0, "perusahaan kecil")),
    ("64,528 m2", Quantity(64.528, "m2")),
    ("27562 lembar", Quantity(27562.0, "lembar")),
    ("0 KK", Quantity(0.0, "KK")),
])
def test_quantity_cells(cell, expected):
    assert parse_quantity(cell) == expected


@pytest.mark.parametrize("cell", ["√", "belum rilis", "3.456.5O9.470", "12 %%x1"])
def test_quantity_refuses_what_is_not_a_number_and_unit(cell):
    with pytest.raises(NumberParseError) as err:
        parse_quantity(cell)
    assert repr(cell) in str(err.value)


def test_rupiah_forms():
    assert parse_rupiah("5.168.369.010") == 5_168_369_010
    assert parse_rupiah("Rp. 2.850.000,00") == 2_850_000
    assert parse_rupiah("-") is None
    with pytest.raises(NumberParseError):
        parse_rupiah("12,5")


def test_amounts_in_words_are_read_once_for_the_audit_and_the_narrative_reader():
    from renja_lib.parse.numbers import words_to_int

    assert words_to_int("lima milyar enam puluh tiga juta tiga ratus enam puluh tujuh ribu dua ratus lima belas "
                        "rupiah") == 5_063_367_215
    assert words_to_int("empat milyar dua ratus empat puluh empat ribu dua ratus lima puluh delapan") == 4_000_244_258
    assert words_to_int("seribu dua ratus") == 1200 and words_to_int("sejuta lima ratus ribu") == 1_500_000
    assert words_to_int("dua-puluh") == 20 and words_to_int("juta") is None and words_to_int("dua orang") is None


def _as_babel_reads(text):
    """Babel's strict reading of a number token, as parse_number asked it before its shortcut (or "refused")."""
    from decimal import localcontext

    from babel.numbers import NumberFormatError, parse_decimal

    from renja_lib.parse.numbers import LOCALE
    with localcontext() as ctx:
        ctx.prec = max(ctx.prec, 2 * len(text))
        try:
            return parse_decimal(text, locale=LOCALE, strict=True)
        except (NumberFormatError, ArithmeticError):
            return "refused"


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet="0123456789.,", min_size=1, max_size=40) | st.integers(0, 10 ** 30).map(
    lambda v: f"{v:,}".replace(",", ".")) | st.tuples(st.integers(0, 10 ** 18), st.text("0123456789", min_size=1,
                                                                                      max_size=6)).map(
    lambda vd: f"{vd[0]:,}".replace(",", ".") + "," + vd[1]))
def test_a_number_is_read_as_babel_reads_it(text):
    """The shapes read without Babel (grouped by three, or digits alone) give Babel's Decimal, its exponent too; every
    other token still goes to Babel, which refuses what it refused."""
    babel = _as_babel_reads(text)
    try:
        ours = parse_number(text)
    except NumberParseError:
        assert babel == "refused" or not re.match(r"^[+-]?[0-9][0-9.]*(,[0-9]+)?$", text), text
        return
    assert babel != "refused" and ours == babel and str(ours) == str(babel), text
