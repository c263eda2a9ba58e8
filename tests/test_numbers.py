"""Japanese number, amount and head-count parsing (advisor.numbers)."""

from __future__ import annotations

from fractions import Fraction

import pytest

from advisor.numbers import (
    NumberParseError,
    NumberRange,
    effective_bounds,
    find_amounts,
    find_counts,
    format_count,
    format_yen,
    parse_count,
    parse_fraction,
    parse_number,
    parse_yen,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("20億円", 2_000_000_000),
        ("3千万円", 30_000_000),
        ("3,000万円", 30_000_000),
        ("３，０００万円", 30_000_000),  # full-width digits and comma
        ("1.5億", 150_000_000),
        ("１．５億円", 150_000_000),
        ("5億円", 500_000_000),
        ("3.2億", 320_000_000),
        ("500万", 5_000_000),
        ("一億二千万円", 120_000_000),
        ("1億2000万円", 120_000_000),
        ("五千万円", 50_000_000),
        ("三億円", 300_000_000),
        ("100円", 100),
        ("50 million yen", 50_000_000),
        ("¥30,000,000", 30_000_000),
        ("1.2 billion yen", 1_200_000_000),
    ],
)
def test_parse_yen(text: str, expected: int) -> None:
    assert parse_yen(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("５０人", 50),
        ("三十人", 30),
        ("30名", 30),
        ("二千人", 2000),
        ("1万人", 10_000),
        ("十二人", 12),
        ("1,200人", 1200),
        ("0人", 0),
    ],
)
def test_parse_count(text: str, expected: int) -> None:
    assert parse_count(text) == expected


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("10〜20人", 10, 20),
        ("10～20人", 10, 20),  # full-width tilde (NFKC → ~)
        ("10-20人", 10, 20),
        ("100人以上", 100, None),
        ("10人未満", None, 9),
        ("5人以下", None, 5),
        ("50人超", 51, None),
    ],
)
def test_count_ranges_and_bounds(text: str, low: int | None, high: int | None) -> None:
    value = parse_count(text)
    assert isinstance(value, NumberRange)
    assert (value.low, value.high) == (low, high)


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [("1億〜2億円", 100_000_000, 200_000_000), ("1〜2億円", 100_000_000, 200_000_000),
     ("3000万〜5000万円", 30_000_000, 50_000_000), ("3億円以上", 300_000_000, None)],
)
def test_yen_ranges(text: str, low: int | None, high: int | None) -> None:
    value = parse_yen(text)
    assert isinstance(value, NumberRange)
    assert (value.low, value.high) == (low, high)


def test_approximate_values_widen_by_ten_percent() -> None:
    value = parse_count("約300人")
    assert isinstance(value, NumberRange) and value.approximate and value.is_exact
    assert effective_bounds(value) == (270, 330)
    assert effective_bounds(300) == (300, 300)
    assert parse_count("30人くらい") == NumberRange(30, 30, approximate=True)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1/2", Fraction(1, 2)), ("２／３", Fraction(2, 3)), ("3分の2", Fraction(2, 3)), ("1/3以下", Fraction(1, 3)),
     ("三分の一", Fraction(1, 3)), ("50%", Fraction(1, 2))],
)
def test_parse_fraction(text: str, expected: Fraction) -> None:
    assert parse_fraction(text) == expected


@pytest.mark.parametrize(
    ("func", "text", "message"),
    [
        (parse_count, "-5人", "負の値"),
        (parse_count, "マイナス3人", "負の値"),
        (parse_yen, "−3億円", "負の値"),
        (parse_yen, "10^15円", "大きすぎます"),
        (parse_yen, "1000兆円", "大きすぎます"),
        (parse_count, "2000000人", "大きすぎます"),
        (parse_count, "1.5人", "整数"),
        (parse_yen, "たくさん", "読み取れません"),
        (parse_fraction, "1/0", "分母"),
        (parse_count, "20〜10人", "下限"),
    ],
)
def test_rejections_have_clear_japanese_messages(func, text: str, message: str) -> None:
    with pytest.raises(NumberParseError) as info:
        func(text)
    assert message in str(info.value)


def test_boundary_of_absurd_values() -> None:
    assert parse_yen("100兆円") == 10**14  # the largest accepted amount
    assert parse_count("100万人") == 1_000_000


def test_parse_number_positional_kanji_and_mixed() -> None:
    assert parse_number("二〇二六") == 2026
    assert parse_number("2千5百") == 2500
    assert parse_number("1万2345") == 12345


def test_find_amounts_in_running_text() -> None:
    found = find_amounts("売上5億円、年商3.2億で、投資は20億円か3,000万円、1.5億。千葉県で十分な広さ")
    assert [f.value for f in found] == [500_000_000, 320_000_000, 2_000_000_000, 30_000_000, 150_000_000]


def test_find_counts_in_running_text_ignores_words_with_kanji_numerals() -> None:
    found = find_counts("従業員30名、社員は三十人、パート含め12人、10〜20人。千葉で十分な人手")
    values = [f.value for f in found]
    assert values[:3] == [30, 30, 12]
    assert values[3] == NumberRange(10, 20)
    assert len(values) == 4


def test_find_reports_errors_instead_of_raising() -> None:
    found = find_counts("従業員-5人")
    assert found[0].value is None and "負の値" in found[0].error


def test_formatting() -> None:
    assert format_yen(2_000_000_000) == "20億円"
    assert format_yen(30_000_000) == "3,000万円"
    assert format_yen(150_000_000) == "1億5,000万円"
    assert format_yen(NumberRange(100_000_000, 200_000_000)) == "1億円〜2億円"
    assert format_yen(None) == "不明"
    assert format_count(NumberRange(10, 20)) == "10〜20人"
    assert format_count(45) == "45人"
