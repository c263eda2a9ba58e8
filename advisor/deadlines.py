"""Application periods (公募期間) and deadlines (締切) read from document text, and a round's status.

Owners ask "いつまで？" long after a round has closed; a quoted 「申請締切：2026年5月8日(金)17:00」
is honest but misleading unless the advisor also says whether that date has passed. This module
finds the period in a passage (Western or 令和 dates, an end date that omits the year it shares
with the start), computes the status for "today" (``ADVISOR_TODAY`` or the real date) and words
the Japanese sentence. It knows nothing about retrieval or chains: they call it with text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Literal

from advisor.text import compact

RoundStatus = Literal["公募中", "締切済み", "予定", "不明"]
STATUS_VALUES: tuple[RoundStatus, ...] = ("公募中", "締切済み", "予定", "不明")

# One date as official PDFs print it once whitespace is gone: 2026年5月8日(金)17:00, 令和8年3月26日(木)18:00,
# 5月8日(金)17:00 (year shared with the start date). Group names are suffixed per use.
_DATE = (
    r"(?:(?:(?P<y{n}>20\d\d)年)|(?:令和(?P<r{n}>元|\d{{1,2}})年))?"
    r"(?P<m{n}>\d{{1,2}})月(?P<d{n}>\d{{1,2}})日(?:\([月火水木金土日祝・]{{1,3}}\))?(?P<t{n}>\d{{1,2}}:\d{{2}})?"
)
_RANGE_SEP = r"[~〜～\-－]"
_PERIOD = re.compile(r"公募期間[:：]?" + _DATE.format(n=1) + _RANGE_SEP + _DATE.format(n=2))
# Deadline keywords, most specific first: 「申請受付締切」 beats 「受付締切」, which in 持続化補助金's
# guideline also names the earlier 様式4 issuing deadline (「発行の受付締切」, excluded below).
_END_KEYS = ("申請受付締切", "申請締切", "応募締切", "受付締切", "公募締切")
_START_KEYS = ("公募開始", "申請受付開始", "受付開始")
_ROUND = re.compile(r"第(\d{1,3})(次|回)")


@dataclass(frozen=True)
class Period:
    """A round's application period as a document states it. ``end_time`` is "17:00" or ""."""

    end: date
    start: date | None = None
    end_time: str = ""
    evidence: str = ""  # the document's words (whitespace removed) the dates were read from
    round: str = ""  # "第23次" when the text or title names it

    @property
    def end_label(self) -> str:
        return japanese_date(self.end) + (self.end_time or "")

    def to_dict(self) -> dict:
        return {
            "start": self.start.isoformat() if self.start else "",
            "end": self.end.isoformat() + (f"T{self.end_time}" if self.end_time else ""),
            "evidence": self.evidence,
            "round": self.round,
        }


def japanese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _year(match: re.Match, n: int, fallback: int | None) -> int | None:
    if match.group(f"y{n}"):
        return int(match.group(f"y{n}"))
    if match.group(f"r{n}"):
        reiwa = match.group(f"r{n}")
        return 2018 + (1 if reiwa == "元" else int(reiwa))
    return fallback


def _date(match: re.Match, n: int, year: int | None) -> date | None:
    if year is None:
        return None
    try:
        return date(year, int(match.group(f"m{n}")), int(match.group(f"d{n}")))
    except ValueError:  # 2月30日 in a garbled text layer: not a date
        return None


def _keyed_date(text: str, keys: Iterable[str], default_year: int | None) -> tuple[date, str, str] | None:
    for key in keys:
        for m in re.finditer(re.escape(key) + r"[:：]?" + _DATE.format(n=1), text):
            if text[max(0, m.start() - 3): m.start()].endswith(("発行の", "発行")):
                continue
            day = _date(m, 1, _year(m, 1, default_year))
            if day is not None:
                return day, m.group("t1") or "", m.group(0)
    return None


def parse_period(text: str, default_year: int | None = None, title: str = "") -> Period | None:
    """The application period a passage states, or None when it states no usable deadline.

    ``default_year`` (the document's year) completes dates printed without a year; ``title`` is
    searched for the round (第23次) when the text does not name it.
    """
    flat = compact(text)
    round_match = _ROUND.search(flat) or _ROUND.search(compact(title))
    round_label = round_match.group(0) if round_match else ""
    m = _PERIOD.search(flat)
    if m:
        start_year = _year(m, 1, default_year)
        end_year = _year(m, 2, start_year)
        start, end = _date(m, 1, start_year), _date(m, 2, end_year)
        if end is not None:
            if start is not None and end < start and not (m.group("y2") or m.group("r2")):
                end = end.replace(year=end.year + 1)  # 12月23日〜3月26日 crosses a year end
            return Period(end=end, start=start, end_time=m.group("t2") or "", evidence=m.group(0), round=round_label)
    found_end = _keyed_date(flat, _END_KEYS, default_year)
    if found_end is None:
        return None
    end, end_time, end_evidence = found_end
    found_start = _keyed_date(flat, _START_KEYS, end.year)
    start = found_start[0] if found_start and found_start[0] <= end else None
    evidence = end_evidence if start is None else f"{found_start[2]} … {end_evidence}"
    return Period(end=end, start=start, end_time=end_time, evidence=evidence, round=round_label)


def document_period(pages: list[str], default_year: int | None = None, title: str = "") -> Period | None:
    """A whole document's period: its cover pages state it first (公募期間 on page 1); the rest
    of the document is searched only when they do not."""
    return parse_period("\n".join(pages[:3]), default_year, title) or parse_period("\n".join(pages), default_year, title)


def round_status(period: Period | None, today: date) -> RoundStatus:
    """公募中 until the end day (inclusive: a 17:00 deadline is still open that morning),
    予定 before the start, 締切済み after the end, 不明 without a period."""
    if period is None:
        return "不明"
    if today > period.end:
        return "締切済み"
    if period.start is not None and today < period.start:
        return "予定"
    return "公募中"


def status_sentence(period: Period, today: date, url: str = "") -> str:
    """The Japanese sentence an answer adds after quoting a period (see module doc)."""
    subject = f"この公募（{period.round}）" if period.round else "この公募"
    where = f"（{url}）" if url else ""
    status = round_status(period, today)
    if status == "締切済み":
        return (
            f"{subject}の締切は{period.end_label}で、既に過ぎています。"
            f"次回の公募は事務局の公式サイトで確認してください{where}。"
        )
    if status == "予定":
        return (
            f"{subject}の公募開始は{japanese_date(period.start)}の予定です（{japanese_date(today)}時点）。"
            f"締切は{period.end_label}です。最新の日程は事務局の公式サイトで確認してください{where}。"
        )
    days = (period.end - today).days
    left = "本日が締切です" if days == 0 else f"締切まであと{days}日です"
    return (
        f"{subject}の締切は{period.end_label}で、{left}（{japanese_date(today)}時点）。"
        f"日程は変更されることがあるため、事務局の公式サイトでも確認してください{where}。"
    )


# --- the answer hook -------------------------------------------------------------------------------


def deadline_notice(citations: list, today: date, urls: dict[str, str] | None = None) -> str:
    """A「公募の状況」block for the periods the cited passages state ("" when none does).

    ``citations`` are advisor.types.Citation; ``urls`` maps source id → official site (from the
    registry) and wins over the citation's own URL. One line per round, deduplicated.
    """
    lines: list[str] = []
    seen: set[tuple[str, date]] = set()
    for number, c in enumerate(citations, start=1):
        year = int(c.date[:4]) if c.date[:4].isdigit() else None
        period = parse_period(c.passage, default_year=year, title=c.title)
        if period is None or (c.source_id, period.end) in seen:
            continue
        seen.add((c.source_id, period.end))
        url = (urls or {}).get(c.source_id) or c.url
        where = f"（{c.title}、{c.location_label}）"
        # Every sentence carries the marker of the cited passage whose period it reads (the answer
        # numbers its citations 1..n in this order), as every quoted sentence of the answer does.
        sentences = [f"{s}。 [{number}]" for s in status_sentence(period, today, url).split("。") if s.strip()]
        lines.append(f"- **{round_status(period, today)}**：{' '.join(sentences)} {where} [{number}]")
    if not lines:
        return ""
    return "**公募の状況**\n" + "\n".join(lines)


def with_deadline_notice(stream: Iterator, today: date, urls: dict[str, str] | None = None) -> Iterator:
    """Pass a chain's stream (text deltas, then one Answer) through, appending the deadline notice
    to the final Answer and emitting it as one more delta before it."""
    from advisor.types import Answer

    for item in stream:
        if isinstance(item, Answer) and item.grounded:
            notice = deadline_notice(item.citations, today, urls)
            if notice:
                item.text = f"{item.text}\n\n{notice}"
                yield f"\n\n{notice}"
        yield item
