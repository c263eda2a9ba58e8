"""Grounding helpers shared by every chain: figures, citation markers, relative dates, relevance.

The grounding contract (DESIGN.md) says every factual sentence carries a citation and every figure
can be found in the passage it cites. These helpers implement the checks once so that the
extractive composer, the LLM post-check and the evaluation measure the same thing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from advisor.text import compact, nfkc, split_sentences
from advisor.types import Answer, Citation, SourceInfo

# --- figures ------------------------------------------------------------------------------------

_NUM = r"\d+(?:[,，]\d{3})*(?:\.\d+)?"
# A figure is a number with a unit an owner could act on: money, share, head-count, counts, rates.
# Years and dates are not figures here: relative-date resolution adds them on purpose.
FIGURE_RE = re.compile(
    rf"(?<![\d.,/])(?:"
    rf"{_NUM}\s*分の\s*{_NUM}"  # 3分の2
    rf"|\d{{1,3}}\s*/\s*\d{{1,3}}(?![\d/])"  # 1/2, 2/3 (rates in the documents)
    rf"|{_NUM}\s*(?:兆|億|千万|百万|万|千)?\s*(?:円|%|％|パーセント|人|名|社|件|倍)"
    rf"|{_NUM}\s*(?:兆|億|万)(?![\d円])"  # 20億 without 円
    rf")"
)
_FRACTION_JA = re.compile(rf"({_NUM})分の({_NUM})")


def final_answer(items: Iterable[object]) -> Answer:
    """Drain a chain's stream (text deltas, then one Answer) and return the Answer."""
    result: Answer | None = None
    for item in items:
        if isinstance(item, Answer):
            result = item
    if result is None:
        raise RuntimeError("the chain ended without an Answer")
    return result


class CitationNumbers:
    """The numbered citations of one answer, plan or draft: one number per distinct passage."""

    def __init__(self) -> None:
        self.citations: list[Citation] = []
        self._numbers: dict[tuple[str, str, str], int] = {}

    def cite(self, citation: Citation) -> int:
        key = (citation.source_id, citation.section, compact(citation.passage))
        if key not in self._numbers:
            self.citations.append(citation)
            self._numbers[key] = len(self.citations)
        return self._numbers[key]


def normalize_figure(text: str) -> str:
    """Comparable form: NFKC, no spaces or thousands commas, 3分の2 → 2/3, ％/パーセント → %."""
    s = compact(text).replace(",", "").replace("，", "").replace("パーセント", "%")
    return _FRACTION_JA.sub(lambda m: f"{m.group(2)}/{m.group(1)}", s)


def figures(text: str) -> list[str]:
    """Figures in ``text`` in their comparable form, in order of appearance, without repeats."""
    found = [normalize_figure(m.group(0)) for m in FIGURE_RE.finditer(nfkc(text))]
    return list(dict.fromkeys(found))


_DIGIT_GAP = re.compile(r"(?<=\d)[ \t\u3000]+(?=\d)")


def figure_in(figure: str, passage: str) -> bool:
    """Whether the figure occurs in the passage as a whole number (50億円 is not in 150億円; 「1 1 人
    あたり」, a list number before 「1 人あたり」, holds 1人: digits apart are two numbers)."""
    haystack = normalize_figure(_DIGIT_GAP.sub("|", nfkc(passage)))
    needle = normalize_figure(figure)
    start = haystack.find(needle)
    while start >= 0:
        before = haystack[start - 1] if start > 0 else ""
        if not (before.isdigit() or before == "."):
            return True
        start = haystack.find(needle, start + 1)
    return False


# --- citation markers ---------------------------------------------------------------------------

MARKER_RE = re.compile(r"\s*\[(\d{1,3})\]")
# Lines that are structure, not statements: headings, lead-ins ending in a colon, notices (※).
# Structure, not statements: headings (markdown or a whole bold line such as 「**公募の状況**」),
# notices, placeholders and lead-ins ending in a colon.
_STRUCTURE_LINE = re.compile(r"^\s*(?:#{1,6}\s|※|【要記入)|[：:]\s*$|^\s*\*\*[^*]+\*\*\s*$")


def markers(text: str) -> list[int]:
    return [int(m) for m in re.findall(r"\[(\d{1,3})\]", text)]


def strip_markers(text: str) -> str:
    return MARKER_RE.sub("", text)


def line_sentences(line: str) -> list[str]:
    """Sentences of one line; a citation marker after 。 belongs to the sentence before it."""
    parts = [p for p in re.split(r"(?<=[。！？!?])(?![」』）)])(?!\s*\[\d)", line) if p.strip()]
    out: list[str] = []
    for p in parts:
        if out and re.fullmatch(r"\s*(\[\d{1,3}\]\s*)+", p):
            out[-1] += p
        else:
            out.append(p.strip())
    return out


def statement_sentences(text: str) -> list[str]:
    """The sentences of an answer that state something (headings, lead-ins and notices excluded).

    This is the unit of the citation-coverage metric and of the LLM post-check.
    """
    out: list[str] = []
    for raw_line in text.splitlines():
        line = raw_line.strip()
        if not line or _STRUCTURE_LINE.search(line):
            continue
        line = re.sub(r"^(?:[-*・]|\d{1,2}[.．)])\s*", "", line)
        for sentence in line_sentences(line):
            if re.search(r"[\w\u3040-\u30ff\u4e00-\u9fff]", strip_markers(sentence)):
                out.append(sentence)
    return out


@dataclass
class FigureCheck:
    sentence: str
    cited: list[int]
    figures: list[str]
    missing: list[str] = field(default_factory=list)  # figures not found in any cited passage

    @property
    def ok(self) -> bool:
        return not self.missing


def check_sentence(sentence: str, citations: list[Citation]) -> FigureCheck:
    cited = [n for n in markers(sentence) if 1 <= n <= len(citations)]
    figs = figures(strip_markers(sentence))
    passages = " ".join(f"{citations[n - 1].section} {citations[n - 1].passage}" for n in cited)
    missing = [f for f in figs if not figure_in(f, passages)]
    return FigureCheck(sentence=sentence, cited=cited, figures=figs, missing=missing)


def grounding_stats(text: str, citations: list[Citation]) -> dict[str, int]:
    """Counts behind citation_coverage and figure_grounding for one answer."""
    sentences = statement_sentences(text)
    checks = [check_sentence(s, citations) for s in sentences]
    return {
        "sentences": len(sentences),
        "cited_sentences": sum(1 for c in checks if c.cited),
        "figures": sum(len(c.figures) for c in checks),
        "grounded_figures": sum(len(c.figures) - len(c.missing) for c in checks),
    }


# --- relative dates -----------------------------------------------------------------------------

# Longest first so that 本年度 is not read as 本年 + 度.
_RELATIVE = re.compile(r"(本年度|今年度|来年度|昨年度|前年度|本年|今年|来年|昨年|今月|来月|今般|現在|足元|今後)(?!（[^）]*資料)")
_RESOLVABLE = {"本年度", "今年度", "来年度", "昨年度", "前年度", "本年", "今年", "来年", "昨年", "今月", "来月", "現在"}


def resolve_relative_dates(sentence: str, source: SourceInfo | None, date: str = "") -> str:
    """Append the document's date to relative dates: 本年6月頃 → 本年（2026年の資料時点）6月頃.

    An owner reading in 2027 must not take 「本年」 for 2027. When the document's date is unknown
    the reader is told so instead of being given a guess.
    """
    date = date or (source.date if source else "")
    label = SourceInfo(id="", title="", issuer="", date=date, kind="").date_label if date else ""

    def repl(m: re.Match[str]) -> str:
        word = m.group(1)
        if word not in _RESOLVABLE:
            return word
        if not label:
            return f"{word}（資料の日付が不明なため時期は要確認）"
        return f"{word}（{label}の資料時点）"

    return _RELATIVE.sub(repl, sentence)


# --- relevance ----------------------------------------------------------------------------------


def clean_sentence(sentence: str) -> str:
    """A document sentence as shown to owners: no bullets, check marks or list numbers in front."""
    s = nfkc(sentence).strip()
    s = re.sub(r"^(?:[-*✓✔•・⚫●■◆◇○〇▶➢>#※\uf000-\uf8ff]+\s*)+", "", s)
    s = re.sub(r"^(?:[0-9]{1,2}|[①-⑳])\s+(?=\D)", "", s)
    return s.strip()


def sentences_of(text: str) -> list[str]:
    return [c for c in (clean_sentence(s) for s in split_sentences(text)) if c]
