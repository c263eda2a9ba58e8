"""Plain data shared by every layer: sources, documents, chunks, citations, answers.

Program and profile types live with their logic in advisor.programs.models.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

HEADING_SEPARATOR = " > "


@dataclass(frozen=True)
class SourceInfo:
    """Bibliographic facts about one document, from corpus/sources.yaml (or a PDF's defaults)."""

    id: str
    title: str
    issuer: str
    date: str  # ISO-ish as precise as known: "2026-06-24", "2024-12", "2023", or "" if unknown
    kind: str  # slides | policy package | council paper | platform | guideline | faq | reference
    reuse: str = ""
    note: str = ""
    date_precision: str = "unknown"
    url: str = ""
    # The program the document belongs to (a catalog id such as "monodukuri", or a name for a
    # program the catalog lacks, e.g. 小規模事業者持続化補助金); "" for general documents.
    program: str = ""

    @property
    def date_label(self) -> str:
        """Date as shown to users (Japanese)."""
        if not self.date:
            return "日付不明"
        parts = self.date.split("-")
        labels = ["年", "月", "日"]
        return "".join(f"{int(p)}{labels[i]}" for i, p in enumerate(parts) if p.isdigit())


@dataclass(frozen=True)
class Page:
    """One page of a loaded document; ``number`` is 1-based, None for plain-text files."""

    number: int | None
    text: str


@dataclass
class Document:
    source: SourceInfo
    path: str
    pages: list[Page]
    content_hash: str

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.pages)


@dataclass
class Chunk:
    id: str
    source_id: str
    text: str
    heading_path: list[str] = field(default_factory=list)
    page: int | None = None
    order: int = 0

    @property
    def heading(self) -> str:
        return HEADING_SEPARATOR.join(self.heading_path)

    def text_with_heading(self) -> str:
        """What is indexed: the heading path gives figures far from their program's name context."""
        return f"{self.heading}\n{self.text}" if self.heading_path else self.text


@dataclass
class ScoredChunk:
    chunk: Chunk
    score: float
    source: SourceInfo
    ranks: dict[str, int] = field(default_factory=dict)  # mode -> 1-based rank in that list
    raw: dict[str, float] = field(default_factory=dict)  # mode -> that mode's own score (BM25, cosine)


@dataclass
class Citation:
    """What a user needs to find and check a fact: where it is, who said it, when, and the words."""

    source_id: str
    title: str
    issuer: str
    date: str
    page: int | None
    section: str
    passage: str
    url: str = ""

    @classmethod
    def from_scored(cls, hit: ScoredChunk, passage: str | None = None) -> "Citation":
        return cls(
            source_id=hit.source.id,
            title=hit.source.title,
            issuer=hit.source.issuer,
            date=hit.source.date,
            page=hit.chunk.page,
            section=hit.chunk.heading,
            passage=passage if passage is not None else hit.chunk.text,
            url=hit.source.url,
        )

    @property
    def location_label(self) -> str:
        if self.page is not None:
            return f"{self.page}ページ"
        return self.section or "本文"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Answer:
    text: str
    citations: list[Citation] = field(default_factory=list)
    grounded: bool = True  # False when the documents did not cover the question
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "answer": self.text,
            "citations": [c.to_dict() for c in self.citations],
            "grounded": self.grounded,
            "warnings": list(self.warnings),
        }
