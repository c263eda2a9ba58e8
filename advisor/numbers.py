"""Japanese number, amount and head-count parsing.

Owners write figures the way they speak: 20億円, 3千万円, 3,000万円, 1.5億, ５０人, 三十人,
パート含め12人, 10〜20人, 1億〜2億円, 1/2, 3分の2. This module turns such expressions into
integers (yen, persons), ``Fraction`` rates, or ``NumberRange`` bounds, and rejects negative and
absurd values with a Japanese message that can be shown to the owner as is.

DESIGN.md places number parsing in advisor/text.py; it lives here so that its owner can change it
without touching the shared normalisation code.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from advisor.text import nfkc

# Upper bounds beyond which a figure is a typo or a joke rather than a company: the largest
# Japanese employers have a few hundred thousand staff, and 100兆円 exceeds any company's sales.
MAX_PERSONS = 1_000_000
MAX_YEN = 10**14


class NumberParseError(ValueError):
    """A figure that cannot be used; ``str()`` is a Japanese message for the owner."""


@dataclass(frozen=True)
class NumberRange:
    """An inclusive range; ``None`` on one side means open (e.g. 100人以上 → low=100, high=None)."""

    low: int | None
    high: int | None
    approximate: bool = False

    def __post_init__(self) -> None:
        if self.low is not None and self.high is not None and self.low > self.high:
            raise NumberParseError(f"範囲の下限（{self.low:,}）が上限（{self.high:,}）を上回っています。")

    @property
    def is_exact(self) -> bool:
        return self.low is not None and self.low == self.high

    def label(self, unit: str = "") -> str:
        prefix = "約" if self.approximate else ""
        if self.is_exact:
            return f"{prefix}{self.low:,}{unit}"
        if self.high is None:
            return f"{self.low:,}{unit}以上"
        if self.low is None:
            return f"{self.high:,}{unit}以下"
        return f"{self.low:,}〜{self.high:,}{unit}"


Quantity = int | NumberRange

_KANJI_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
                 "壱": 1, "弐": 2, "参": 3, "両": 2}
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000, "拾": 10}
_BIG_UNITS = {"万": 10**4, "億": 10**8, "兆": 10**12}
_ENGLISH_MULT = {"thousand": 10**3, "k": 10**3, "million": 10**6, "m": 10**6, "mn": 10**6, "billion": 10**9,
                 "bn": 10**9, "b": 10**9, "trillion": 10**12}

# A number as written: arabic digits (with thousands separators and decimals) and/or kanji
# numerals with 十百千万億兆. Exponent notation (10^15, 1e15) is accepted only to reject it.
NUM_CORE = r"(?:\d+(?:\^\d+|[eE]\d+)|[0-9〇零一二三四五六七八九十百千万億兆壱弐参拾両.,]*[0-9〇零一二三四五六七八九十百千万億兆壱弐参拾両])"
_RANGE_SEP = r"\s*(?:〜|~|-|‐|−|–|—|から)\s*"
_NEG = r"(?:-|−|‐|マイナス|△|▲)"
_TOKEN = re.compile(r"(\d+(?:\.\d+)?)|([〇零一二三四五六七八九壱弐参両])|([十百千拾])|([万億兆])")


def _prepare(text: str) -> str:
    text = nfkc(text).strip()
    # "3,000" and "3，000" are thousands separators; a comma elsewhere is punctuation we keep out.
    return re.sub(r"(?<=\d),(?=\d{3}(?!\d))", "", text)


def parse_number(text: str) -> Decimal:
    """Value of a bare number expression: "3,000", "1.5億", "三十", "二千五百万", "1億2000万"."""
    s = _prepare(text)
    if not s:
        raise NumberParseError("数値が空です。")
    m = re.fullmatch(r"(\d+)\^(\d+)|(\d+(?:\.\d+)?)[eE](\d+)", s)
    if m:
        base, exp = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        return Decimal(base) ** int(exp) if m.group(1) else Decimal(base) * (Decimal(10) ** int(exp))
    pos = 0
    total = Decimal(0)
    section = Decimal(0)
    current: Decimal | None = None
    prev_kind = ""
    for tok in _TOKEN.finditer(s):
        if tok.start() != pos:
            raise NumberParseError(f"「{text}」を数値として読み取れません。")
        pos = tok.end()
        arabic, kdigit, small, big = tok.groups()
        if arabic is not None:
            if current is not None and prev_kind in ("arabic", "kdigit"):
                raise NumberParseError(f"「{text}」を数値として読み取れません。")
            current = Decimal(arabic)
            prev_kind = "arabic"
        elif kdigit is not None:
            digit = Decimal(_KANJI_DIGITS[kdigit])
            # Positional kanji such as 二〇二六 continue the previous digit.
            current = current * 10 + digit if current is not None and prev_kind == "kdigit" else digit
            prev_kind = "kdigit"
        elif small is not None:
            section += (current if current is not None else Decimal(1)) * _SMALL_UNITS[small]
            current = None
            prev_kind = "small"
        else:
            section += current if current is not None else Decimal(0)
            if section == 0:
                section = Decimal(1)
            total += section * _BIG_UNITS[big]
            section = Decimal(0)
            current = None
            prev_kind = "big"
    if pos != len(s):
        raise NumberParseError(f"「{text}」を数値として読み取れません。")
    total += section + (current if current is not None else Decimal(0))
    return total


def _to_int(value: Decimal, text: str) -> int:
    if value != value.to_integral_value():
        # 1.5人 is not a head count; 1.5億 is fine because the unit made it integral.
        raise NumberParseError(f"「{text}」は整数になりません。")
    return int(value)


def _check_yen(value: int, text: str) -> int:
    if value < 0:
        raise NumberParseError(f"金額「{text}」が負の値です。0円以上で入力してください。")
    if value > MAX_YEN:
        raise NumberParseError(f"金額「{text}」は大きすぎます（100兆円超）。桁をご確認ください。")
    return value


def _check_persons(value: int, text: str) -> int:
    if value < 0:
        raise NumberParseError(f"人数「{text}」が負の値です。0人以上で入力してください。")
    if value > MAX_PERSONS:
        raise NumberParseError(f"人数「{text}」は大きすぎます（100万人超）。桁をご確認ください。")
    return value


def _is_negative(s: str) -> tuple[bool, str]:
    m = re.match(_NEG + r"\s*", s)
    return (True, s[m.end():]) if m else (False, s)


# --- amounts (yen) --------------------------------------------------------------------------------

_YEN_SUFFIX = re.compile(r"\s*(?:円|yen|jpy)\s*$", re.IGNORECASE)
_YEN_PREFIX = re.compile(r"^\s*(?:¥|\\|円|JPY)\s*", re.IGNORECASE)
_ENGLISH_AMOUNT = re.compile(r"^(\d+(?:\.\d+)?)\s*(thousand|million|billion|trillion|mn|bn|k|m|b)$", re.IGNORECASE)


def _single_yen(text: str, inherited_unit: str = "") -> int:
    s = _prepare(text)
    neg, s = _is_negative(s)
    s = _YEN_PREFIX.sub("", s)
    s = _YEN_SUFFIX.sub("", s).strip()
    if s.startswith(("-", "−", "マイナス", "△", "▲")):
        neg, s = True, _is_negative(s)[1]
    m = _ENGLISH_AMOUNT.match(s)
    if m:
        value = Decimal(m.group(1)) * _ENGLISH_MULT[m.group(2).lower()]
    else:
        if inherited_unit and not re.search(r"[万億兆千百十]$", s):
            s = s + inherited_unit
        value = parse_number(s)
    result = _to_int(value, text)
    return _check_yen(-result if neg else result, text)


def parse_yen(text: str) -> Quantity:
    """Yen amount or range: "20億円" → 2_000_000_000; "1億〜2億円", "1〜2億円" → NumberRange.

    Raises NumberParseError (Japanese message) for negatives, absurd sizes and unreadable text.
    """
    s = _prepare(text)
    bound = _bound_suffix(s)
    if bound:
        s = s[: -len(bound[0])].strip()
    approx, s = _strip_approx(s)
    parts = re.split(_RANGE_SEP, s) if not re.match(_NEG, s) else [s]
    if len(parts) == 2 and parts[0] and parts[1]:
        unit = re.search(r"([万億兆])\s*(?:円)?\s*$", parts[1])
        low = _single_yen(parts[0], inherited_unit=unit.group(1) if unit else "")
        high = _single_yen(parts[1])
        return NumberRange(low, high, approximate=approx)
    value = _single_yen(s)
    return _apply_bound(value, bound, approx)


# --- head counts --------------------------------------------------------------------------------

_PERSON_SUFFIX = re.compile(r"\s*(?:人|名|people|persons|employees|staff|workers)\s*$", re.IGNORECASE)


def _single_count(text: str) -> int:
    s = _prepare(text)
    neg, s = _is_negative(s)
    s = _PERSON_SUFFIX.sub("", s).strip()
    value = _to_int(parse_number(s), text)
    return _check_persons(-value if neg else value, text)


def parse_count(text: str) -> Quantity:
    """Head count or range: "５０人" → 50, "三十人" → 30, "10〜20人" → NumberRange(10, 20)."""
    s = _prepare(text)
    bound = _bound_suffix(s)
    if bound:
        s = s[: -len(bound[0])].strip()
    approx, s = _strip_approx(s)
    parts = re.split(_RANGE_SEP, s) if not re.match(_NEG, s) else [s]
    if len(parts) == 2 and parts[0] and parts[1]:
        return NumberRange(_single_count(parts[0]), _single_count(parts[1]), approximate=approx)
    return _apply_bound(_single_count(s), bound, approx)


# --- bounds and approximations -------------------------------------------------------------------

_BOUNDS = (("以上", "ge"), ("超", "gt"), ("以下", "le"), ("未満", "lt"), ("弱", "approx"), ("強", "approx"),
           ("前後", "approx"), ("程度", "approx"), ("くらい", "approx"), ("ぐらい", "approx"), ("ほど", "approx"))
_APPROX_PREFIX = re.compile(r"^(?:約|およそ|大体|だいたい|ほぼ|approximately|about|around|roughly)\s*", re.IGNORECASE)


def _bound_suffix(s: str) -> tuple[str, str] | None:
    for word, kind in _BOUNDS:
        if s.endswith(word):
            return word, kind
    return None


def _strip_approx(s: str) -> tuple[bool, str]:
    m = _APPROX_PREFIX.match(s)
    return (True, s[m.end():]) if m else (False, s)


def _apply_bound(value: int, bound: tuple[str, str] | None, approx: bool) -> Quantity:
    if bound is None:
        return NumberRange(value, value, approximate=True) if approx else value
    kind = bound[1]
    if kind == "ge":
        return NumberRange(value, None, approx)
    if kind == "gt":
        return NumberRange(value + 1, None, approx)
    if kind == "le":
        return NumberRange(None, value, approx)
    if kind == "lt":
        return NumberRange(None, value - 1, approx)
    return NumberRange(value, value, approximate=True)


# --- rates ----------------------------------------------------------------------------------------


def parse_fraction(text: str) -> Fraction:
    """Rates as written in the documents: "1/2", "２／３", "3分の2", "1/3以下", "50%"."""
    s = _prepare(text)
    s = re.sub(r"(以下|以内|まで)$", "", s).strip()
    m = re.fullmatch(r"(\d+)\s*/\s*(\d+)", s)
    if m:
        num, den = int(m.group(1)), int(m.group(2))
    else:
        m = re.fullmatch(r"(\S+?)分の(\S+)", s)
        if m:
            den, num = _to_int(parse_number(m.group(1)), text), _to_int(parse_number(m.group(2)), text)
        else:
            m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*%", s)
            if not m:
                raise NumberParseError(f"「{text}」を割合として読み取れません。")
            return Fraction(Decimal(m.group(1))) / 100
    if den == 0:
        raise NumberParseError(f"「{text}」の分母が0です。")
    return Fraction(num, den)


# --- finding figures in running text --------------------------------------------------------------

# A yen amount in running text needs either 円 or a 万/億/兆 unit; a bare "30" is not an amount.
_AMOUNT_ONE = rf"{_NEG}?\s*(?:¥\s*)?{NUM_CORE}"
AMOUNT_PATTERN = re.compile(
    rf"(?:約|およそ|ほぼ)?(?P<expr>{_AMOUNT_ONE}(?:{_RANGE_SEP}{_AMOUNT_ONE})?)\s*(?P<unit>円)?"
    rf"(?P<bound>以上|超|以下|未満|程度|前後|くらい|ぐらい|ほど)?"
)
COUNT_PATTERN = re.compile(
    rf"(?:約|およそ|ほぼ)?(?P<expr>{_NEG}?\s*{NUM_CORE}(?:\s*(?:人|名))?(?:{_RANGE_SEP}{NUM_CORE})?)\s*(?:人|名)"
    rf"(?P<bound>以上|超|以下|未満|程度|前後|くらい|ぐらい|ほど)?"
)


@dataclass(frozen=True)
class Found:
    """A figure found in text: its value and where it was (for context checks and messages)."""

    value: Quantity | None
    text: str
    start: int
    end: int
    error: str = ""


def find_amounts(text: str) -> list[Found]:
    """Yen amounts in running (already NFKC-normalised) Japanese text."""
    out: list[Found] = []
    for m in AMOUNT_PATTERN.finditer(text):
        expr = m.group("expr")
        has_unit = bool(m.group("unit")) or bool(re.search(r"[万億兆]\s*$", expr)) or "^" in expr
        if not has_unit or not re.search(r"[0-9〇零一二三四五六七八九十百千]", expr):
            continue
        raw = m.group(0)
        try:
            value = parse_yen(raw)
        except NumberParseError as exc:
            out.append(Found(None, raw, m.start(), m.end(), str(exc)))
            continue
        out.append(Found(value, raw, m.start(), m.end()))
    return out


def find_counts(text: str) -> list[Found]:
    """Head counts (…人 / …名) in running Japanese text."""
    out: list[Found] = []
    for m in COUNT_PATTERN.finditer(text):
        raw = m.group(0)
        try:
            value = parse_count(raw)
        except NumberParseError as exc:
            out.append(Found(None, raw, m.start(), m.end(), str(exc)))
            continue
        out.append(Found(value, raw, m.start(), m.end()))
    return out


def format_yen(value: Quantity | None) -> str:
    """Yen as owners read it: 2,000,000,000 → "20億円", 30,000,000 → "3,000万円"."""
    if value is None:
        return "不明"
    if isinstance(value, NumberRange):
        prefix = "約" if value.approximate else ""
        if value.is_exact:
            return prefix + format_yen(value.low)
        if value.high is None:
            return f"{format_yen(value.low)}以上"
        if value.low is None:
            return f"{format_yen(value.high)}以下"
        return f"{prefix}{format_yen(value.low)}〜{format_yen(value.high)}"
    if value >= 10**8 and value % 10**4 == 0:
        oku, man = divmod(value // 10**4, 10**4)
        oku_text = f"{oku:,}億"
        return f"{oku_text}{man:,}万円" if man else f"{oku_text}円"
    if value >= 10**8:
        return f"{Decimal(value) / 10**8:.4g}億円"
    if value >= 10**4 and value % 10**4 == 0:
        return f"{value // 10**4:,}万円"
    return f"{value:,}円"


def format_count(value: Quantity | None) -> str:
    if value is None:
        return "不明"
    if isinstance(value, NumberRange):
        return value.label("人")
    return f"{value:,}人"


def bounds(value: Quantity) -> tuple[int | None, int | None]:
    """(low, high) of a value; an int is its own range."""
    if isinstance(value, NumberRange):
        return value.low, value.high
    return value, value


APPROX_MARGIN = 0.10


def effective_bounds(value: Quantity, margin: float = APPROX_MARGIN) -> tuple[int | None, int | None]:
    """Bounds used for decisions: an approximate figure ("約300人") counts as ±margin, so that a
    value near a threshold leads to a question rather than a guess."""
    lo, hi = bounds(value)
    if isinstance(value, NumberRange) and value.approximate:
        lo = math.floor(lo * (1 - margin)) if lo is not None else None
        hi = math.ceil(hi * (1 + margin)) if hi is not None else None
    return lo, hi


__all__ = [
    "APPROX_MARGIN", "MAX_PERSONS", "MAX_YEN", "Found", "effective_bounds", "NumberParseError", "NumberRange", "Quantity", "bounds",
    "find_amounts", "find_counts", "format_count", "format_yen", "parse_count", "parse_fraction",
    "parse_number", "parse_yen",
]
