"""The 審査項目 of a program's ingested 公募要領, read from the index: what a draft's sections follow.

A program's guideline documents (sources of kind ``guideline`` whose ``program`` is the program)
are read chunk by chunk in document order, with the heading paths and page numbers the index
holds. The review section is found by its heading (「4.1.2 書面審査項目・加点項目・減点項目」,
「10.審査項目」) or, when the PDF's headings were not recognised, by a line of its own
(「審査の観点」). Within it, the numbered items are read in one of three shapes seen in real
公募要領 (pypdf text):

- 「審査項目 2:経営力」 followed by ⚫ points (ものづくり補助金);
- 「(2)新規事業の有望度」, as a line or a sub-heading, followed by 「1 …か。」 and ⚫ points
  (新事業進出補助金);
- 「1自社の経営状況分析の妥当性」 followed by ○ points (持続化補助金).

The first item fixes the shape and the numbers must follow on (1, 2, 3 …), so a numbered example
or a table row is not taken for an item. Reading stops at 加点/減点 (bonus and penalty items are
not sections of a plan) or at the end of the section. Fewer than two items means "not found".

The result is cached per index generation and program, so a chat turn pays for it once.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from advisor.text import nfkc
from advisor.types import HEADING_SEPARATOR, Chunk, Citation, SourceInfo

if TYPE_CHECKING:
    from advisor.retrieval.hybrid import Retriever

# A heading segment that names the review section (not 審査方法 or 審査結果, which only describe
# the procedure).
_SECTION_HEADING = re.compile(r"審査項目|審査の観点|審査基準|評価項目")
# A line that opens the review section in a PDF whose headings were not recognised.
_SECTION_LINE = re.compile(r"^(?:主な)?(?:審査の観点|審査項目|審査基準)\s*$")
_TOC = re.compile(r"目次|\.{6,}|…{3,}")
# Bonus/penalty items and the oral examination end the items a plan is written along.
_STOP = re.compile(r"^(?:[IⅠVⅤ]+[.．]\s*)?(?:【)?(?:加点|減点|重点政策加点|政策加点)|加点審査|口頭審査")

_SHAPES: dict[str, re.Pattern[str]] = {
    "labelled": re.compile(r"^審査項目\s*(?P<n>[0-9]{1,2})\s*[:：]\s*(?P<title>\S.{0,60})$"),
    "bracketed": re.compile(r"^[(（]\s*(?P<n>[0-9]{1,2})\s*[)）]\s*(?P<title>[^\s0-9].{1,60})$"),
    # A bare number glued to a short title: only a short line without a sentence end.
    "numbered": re.compile(r"^(?P<n>[0-9]{1,2})\s*(?P<title>[^\s0-9.．、。(（][^。]{1,28})$"),
}
_POINT = re.compile(r"^(?:[⚫●○◯・]|[0-9]{1,2}\s+\S)")
_CONDITIONAL = re.compile(r"のみ|に限る|希望する")
_MIN_POINT = 12
MAX_POINTS = 3  # points quoted per item in a draft; the rest are on the cited page


@dataclass(frozen=True)
class ReviewPoint:
    text: str
    page: int | None


@dataclass(frozen=True)
class ReviewItem:
    number: int
    label: str  # "審査項目 2", "(2)", "2"
    title: str  # "経営力"
    page: int | None
    section: str  # the heading path of the chunk the item starts in
    points: tuple[ReviewPoint, ...] = ()

    @property
    def heading(self) -> str:
        """The item as a draft heading, in the document's words: 「審査項目 2：経営力」."""
        sep = "：" if self.label.startswith("審査項目") else " "
        return f"{self.label}{sep}{self.title}"

    @property
    def conditional(self) -> bool:
        """Applies to some applicants only (「大幅賃上げ特例適用申請者のみ」)."""
        return bool(_CONDITIONAL.search(self.title))

    @property
    def text(self) -> str:
        return " ".join([self.title, *(p.text for p in self.points)])


@dataclass(frozen=True)
class ReviewCriteria:
    """The review items of one 公募要領."""

    source: SourceInfo
    section: str  # heading path of the review section, e.g. 「4. 審査 > 4.1.2 書面審査項目・加点項目・減点項目」
    page: int | None
    items: tuple[ReviewItem, ...]

    def citation(self, item: ReviewItem, points: int = MAX_POINTS) -> Citation:
        """The item's heading and its first points, as quoted, on the page the item starts."""
        passage = " ".join([item.heading, *(p.text for p in item.points[:points])])
        return Citation(
            source_id=self.source.id, title=self.source.title, issuer=self.source.issuer, date=self.source.date,
            page=item.page, section=item.section, passage=passage, url=self.source.url,
        )

    def to_dict(self) -> dict:
        return {
            "source_id": self.source.id,
            "title": self.source.title,
            "issuer": self.source.issuer,
            "date": self.source.date,
            "section": self.section,
            "page": self.page,
            "items": [
                {"heading": i.heading, "title": i.title, "page": i.page, "conditional": i.conditional,
                 "points": [p.text for p in i.points]}
                for i in self.items
            ],
        }


@dataclass
class _Line:
    text: str
    page: int | None
    section: str
    is_heading: bool = False


# --- reading the section ------------------------------------------------------------------------


def _lines(chunks: list[Chunk]) -> list[_Line]:
    """The chunks' text line by line; a heading segment that appears is a line of its own."""
    out: list[_Line] = []
    seen_path: list[str] = []
    for chunk in chunks:
        path = [nfkc(h).strip() for h in chunk.heading_path]
        for depth, segment in enumerate(path):
            if depth >= len(seen_path) or seen_path[depth] != segment:
                out.append(_Line(segment, chunk.page, HEADING_SEPARATOR.join(path[: depth + 1]), True))
        seen_path = path
        for raw in chunk.text.splitlines():
            line = nfkc(raw).strip()
            if line:
                out.append(_Line(line, chunk.page, chunk.heading))
    return out


def _section(chunks: list[Chunk]) -> tuple[list[Chunk], str] | None:
    """The chunks of the review section and its heading path; None when there is none."""
    for i, chunk in enumerate(chunks):
        path = [nfkc(h) for h in chunk.heading_path]
        hit = next((d for d, seg in enumerate(path) if _SECTION_HEADING.search(seg) and not _TOC.search(seg)), None)
        if hit is None or _TOC.search(chunk.text[:200]):
            continue
        prefix = path[: hit + 1]
        end = i
        while end < len(chunks) and [nfkc(h) for h in chunks[end].heading_path][: hit + 1] == prefix:
            end += 1
        return chunks[i:end], HEADING_SEPARATOR.join(prefix)
    for i, chunk in enumerate(chunks):
        lines = [nfkc(ln).strip() for ln in chunk.text.splitlines()]
        at = next((j for j, ln in enumerate(lines) if _SECTION_LINE.match(ln)), None)
        if at is None:
            continue
        top = chunk.heading_path[:1]
        rest = [c for c in chunks[i + 1 : i + 40] if c.heading_path[:1] == top]
        head = Chunk(chunk.id, chunk.source_id, "\n".join(lines[at + 1 :]), chunk.heading_path, chunk.page, chunk.order)
        return [head, *rest], chunk.heading + HEADING_SEPARATOR + lines[at] if chunk.heading else lines[at]
    return None


def _items(lines: list[_Line]) -> list[ReviewItem]:
    shape: str | None = None
    items: list[dict] = []
    for line in lines:
        if _STOP.search(line.text) and not line.text.startswith(("⚫", "○", "・")):
            if items:
                break
            continue
        match = None
        for name, pattern in _SHAPES.items():
            if shape not in (None, name):
                continue
            m = pattern.match(line.text)
            if m and int(m.group("n")) == (items[-1]["number"] + 1 if items else 1):
                match, shape = m, name
                break
        if match is not None and _STOP.search(match.group("title")):
            break  # 「(8)加点項目」
        if match is not None:
            label = {"labelled": f"審査項目 {match.group('n')}", "bracketed": f"({match.group('n')})"}.get(shape, match.group("n"))
            items.append({"number": int(match.group("n")), "label": label, "title": match.group("title").strip(),
                          "page": line.page, "section": line.section, "points": [], "open": False})
            continue
        if not items or line.is_heading:
            continue
        current = items[-1]
        if _POINT.match(line.text):
            current["points"].append([line.text, line.page])
            current["open"] = not line.text.endswith("。")
        elif current["open"] and current["points"]:
            # pypdf wrapped the point: the line goes on the previous point's sentence.
            current["points"][-1][0] += line.text
            current["open"] = not line.text.endswith("。")
    return [
        ReviewItem(
            number=i["number"], label=i["label"], title=i["title"], page=i["page"], section=i["section"],
            # A short bullet is a list entry under a note (「・地域未来牽引企業」), not a point.
            points=tuple(ReviewPoint(_clean_point(t), p) for t, p in i["points"] if len(_clean_point(t)) >= _MIN_POINT),
        )
        for i in items
    ]


def _clean_point(text: str) -> str:
    return re.sub(r"^(?:[⚫●○◯・]\s*|[0-9]{1,2}\s+)", "", text).strip()


def extract_review_criteria(source: SourceInfo, chunks: list[Chunk]) -> ReviewCriteria | None:
    """The review items of one guideline document (its chunks in any order)."""
    ordered = sorted(chunks, key=lambda c: c.order)
    found = _section(ordered)
    if found is None:
        return None
    section_chunks, section = found
    items = _items(_lines(section_chunks))
    if len(items) < 2:
        return None
    return ReviewCriteria(source=source, section=section, page=section_chunks[0].page, items=tuple(items))


# --- per program, cached per index generation ---------------------------------------------------


@dataclass
class GuidelineLookup:
    """What a draft needs to know about a program's 公募要領 in the index."""

    criteria: ReviewCriteria | None = None
    guidelines: list[SourceInfo] = field(default_factory=list)  # the program's guideline documents


_CACHE: dict[tuple[str, str, str], GuidelineLookup] = {}
_CACHE_LOCK = threading.Lock()


def review_criteria(retriever: Retriever | None, program_id: str) -> GuidelineLookup:
    """The 審査項目 of the newest guideline of ``program_id`` that has them (see module doc).
    No retriever or no index: an empty lookup (the draft keeps its fixed headings)."""
    if retriever is None:
        return GuidelineLookup()
    try:
        generation = retriever.generation()
        key = (str(retriever.settings.index_dir), generation, program_id)
    except Exception:  # noqa: BLE001 - no index yet: nothing to follow
        return GuidelineLookup()
    with _CACHE_LOCK:
        if key in _CACHE:
            return _CACHE[key]
    lookup = _lookup(retriever, program_id)
    with _CACHE_LOCK:
        # One generation per data dir is current; older entries only waste memory.
        for old in [k for k in _CACHE if k[0] == key[0] and k[1] != generation]:
            del _CACHE[old]
        _CACHE[key] = lookup
    return lookup


def _lookup(retriever: Retriever, program_id: str) -> GuidelineLookup:
    sources = retriever.sources
    ids = retriever.programs().source_ids([program_id])
    guidelines = sorted((sources[i] for i in ids if i in sources and sources[i].kind == "guideline"),
                        key=lambda s: s.date, reverse=True)
    lookup = GuidelineLookup(guidelines=guidelines)
    if not guidelines:
        return lookup
    by_source: dict[str, list[Chunk]] = {s.id: [] for s in guidelines}
    for chunk in retriever.chunks:
        if chunk.source_id in by_source:
            by_source[chunk.source_id].append(chunk)
    for source in guidelines:
        criteria = extract_review_criteria(source, by_source[source.id])
        if criteria is not None:
            lookup.criteria = criteria
            break
    return lookup
