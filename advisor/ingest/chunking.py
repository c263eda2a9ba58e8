"""Cut normalised documents into token-bounded chunks that keep their heading path and page.

Guideline-aware rules (subsidy 公募要領 are lists, tables and numbered clauses under headings whose
words decide what a line means: 「補助対象経費」 vs 「補助対象外経費」):

* a chunk never crosses a page boundary (a citation names one page);
* a chunk's heading path is the common prefix of the paths of all its lines, and a chunk only
  takes in a following heading when that heading opens a sub-section of its own; a sibling or
  higher heading always starts a new chunk, so no line is ever indexed (or quoted) under a heading
  that is not its own;
* a question of a Q&A block (Q / Q1 / 問1) always starts a chunk, an article (第3条) starts one
  (with its caption line 「(定義)」) unless the open chunk is still tiny;
* a numbered line is a chapter only where the chapter numbering allows it (``_ChapterNumbers``:
  list items 「2. …」「7. …」 inside 「2-2.補助対象外となる事業者」 are not chapters) and a clause
  「2-2.」 only inside its own chapter; a table of contents is under no heading; a 「<…>」 label
  line of a PDF heads the block under it (「<補助対象外となる経費>」) until the next gap;
* when the token budget runs out on a PDF page, the cut goes in front of the last list item or
  clause (bullets, (1), ①, ア, 1.) that leaves a chunk of useful size, never between a list's
  lead-in and its first item, so an item keeps its wrapped lines and its 「例：…」 line; otherwise
  (and in .md/.txt slides) at the line that overflows; a single over-long line at sentence ends.

Ids are stable: the same text under the same heading on the same page of the same source always
gets the same id, so re-ingesting an unchanged file changes nothing.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter

from advisor.text import count_tokens, heading_level, split_sentences
from advisor.types import Chunk, Document

# Bump when chunk boundaries change: indexes built by an older chunker are then rebuilt.
CHUNKER_VERSION = 9

_NUMBER = r"(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})"
# Lines that open a list item or clause (text is NFKC already: （１）→(1); ① stays in PDFs, →1 in slides). A budget cut goes in
# front of one of these. 「例：」 and 「※」 lines are not: they belong to the item above them.
_ITEM_START = re.compile(
    r"^(?:[・\-‐−–—●○◆◇■□▪▶►➢⚫\ue000-\uf8ff]"  # private-use glyphs: Wingdings bullets of PDFs
    rf"|[（(](?:{_NUMBER}|[ア-ン]|[a-zA-Z])[)）]"
    r"|[ア-ン][.．、)）\s]"
    r"|[A-Za-z][)）]"
    r"|[0-9]{1,2}[.．、)）]"
    r"|[\u2460-\u2473]"  # ①: a PDF keeps its circled numbers
    r"|[0-9]{1,2}\s(?=[^\s0-9年月日%円人])"  # "1 専ら…": a circled ① after NFKC (slides), a table's No.
    r"|[一二三四五六七八九十]{1,3}\s(?=\S)"  # "二 決済・債権債務…": an item (号) of a 交付規程
    rf"|第{_NUMBER}[条項])"
)
# A line that announces the list after it: 「次の(1)~(5)のいずれかに該当する…」「以下のとおり：」.
_LEAD_IN = re.compile(r"(?:次の|以下の|下記の|以下に).{0,40}(?:いずれか|とおり|通り|該当|掲げる)|[:：]$")
# Articles of a 交付規程 open a unit of their own: a new chunk starts there once the open one is
# not tiny. Items such as (1) are not forced apart: a list keeps its lead-in line while it fits.
_CLAUSE_START = re.compile(rf"^第{_NUMBER}条")
# The caption of an article, on the line above it: 「(定義)」 / 「第2条 本規程において…」. It opens
# the article's chunk, never closes the chunk before.
_ARTICLE_CAPTION = re.compile(r"^[（(][^()（）]{1,30}[)）]$")
# A label of its own line in a PDF guideline, 「<補助対象外となる経費>」 under 「(1)製品本体価格について」:
# a sub-heading below every numbered one, so the list after it is filed under its own label. Not
# in converted slides, where such lines are table captions (「＜万円＞」).
_ANGLE_LABEL = re.compile(r"^<[^<>]{1,40}>$")
_LABEL_LEVEL = 6
# The question of a Q&A block: always a new chunk, so that a question and its answer stay together.
_QUESTION_START = re.compile(r"^(?:Q\s*[0-9]*\s*[.:：、)）]|Q[0-9]+|問\s*[0-9]+|質問\s*[0-9]*\s*[:：])")
# In an FAQ document the No. column labels each question (「12 会社全体の事業計画を…」, the loader
# keeps a number inside a page as the label of the line after it): a question starts there.
_FAQ_NUMBER = re.compile(r"^[0-9]{1,3} \S")

# A table of contents line: a title, a run of leader dots, a page number.
_TOC_LEADER = re.compile(r"(?:[.・…‥·]\s*){6,}")
_TOC_MIN_ENTRIES = 2
# The chapter number of a "2.補助対象者" heading and of a "2-2." / "2.3.1" clause heading.
_CHAPTER_NUMBER = re.compile(r"^([0-9]{1,2})[.．、](?![0-9])")
_CLAUSE_CHAPTER = re.compile(r"^([0-9]{1,2})[.．-][0-9]")


class _ChapterNumbers:
    """Which numbered lines are really chapter and clause headings, and at which level.

    A guideline numbers its chapters 1., 2., 3. and lists inside them 1., 2., ... too: shin's
    「2-2.補助対象外となる事業者」 list has items 「2. 事業再構築補助金において…」「7. 応募申請時点で…」
    short enough to look like chapters, which filed the rest of the ineligible list under them.
    A "N." line is a chapter when it continues the chapter sequence (N = last + 1), restarts it
    (N = 1), returns to the sequence a restart or a skip interrupted, or skips ahead written as
    the chapters are; when it continues the open list just as well, it is a chapter only if it is
    written as the chapters are ("3.補助対象事業の概要" vs the items' "3. 応募申請時点で…"). A restart right under a chapter
    heading, before any text (持続化's 「11.申請に必要な書類」 → 「1.申請者が必須の提出書類」), numbers
    that chapter's sections: they go one level below it until the chapter sequence returns; a
    restart after text (the real chapters after a cover page) replaces the sequence. A "2-2." or
    "2.3.1" clause belongs to the chapter it names, or opens the next one whose heading line was
    not read. Anything else is a list item.
    """

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.chapter: int | None = None
        self.interrupted: int | None = None
        self.nested = False  # the restarted sequence numbers sections of the interrupted chapter
        self.chapter_spaced: bool | None = None
        self.list_next: int | None = None  # the number the open numbered list expects next
        self.text_since_chapter = False
        self.text_before_chapter = False  # text between the chapter before and this one

    def accept(self, line: str, found: tuple[int, str] | None) -> tuple[int, str] | None:
        """``found`` (heading_level of ``line``) at its level, None when it is no heading here."""
        m = _CHAPTER_NUMBER.match(line)
        n = int(m.group(1)) if m else None
        spaced = bool(m) and line[m.end() : m.end() + 1].isspace()
        if found is None or found[0] != 3 or n is None:
            if n is not None:
                self.list_next = n + 1
            if found is None:
                self.text_since_chapter = True
            elif found[0] <= 2:
                self.reset()  # 第2章, 第1節, 別紙: chapters are numbered afresh below it
            elif found[0] <= 4:
                if found[0] == 4 and self.chapter is not None and (c := _CLAUSE_CHAPTER.match(line)):
                    clause_chapter = int(c.group(1))
                    if clause_chapter == self.chapter + 1:
                        self.chapter = clause_chapter  # the chapter's own heading line was not read
                    elif clause_chapter not in (self.chapter, self.interrupted):
                        return None  # 「10-1 指定様式」 in a table of chapter 3: a form number
                self.list_next = None
            return found
        if self.chapter is None or n == self.chapter + 1:
            if n == self.list_next and self.chapter_spaced is not None and spaced != self.chapter_spaced:
                self.list_next = n + 1  # the next item of the open list, not the next chapter
                return None
            if self.interrupted is not None and n == self.interrupted + 1:
                self.interrupted, self.nested = None, False  # the restart has caught up
            self.chapter = n
        elif self.interrupted is not None and n == self.interrupted + 1:
            self.chapter, self.interrupted, self.nested = n, None, False
        elif n > self.chapter + 1 and spaced == self.chapter_spaced:
            # A chapter the numbering skips to (an excerpt, a numbering slip), written as the
            # chapters are; the sequence it left may still resume.
            if self.interrupted is None:
                self.interrupted = self.chapter
            self.chapter, self.nested = n, False
        elif n == 1:
            # Nested under an empty chapter; not after a run of empty chapter lines (a contents
            # list without leader dots, as in converted slides: 「1. …」…「4. …」 then 「1. …」).
            self.nested = self.chapter is not None and not self.text_since_chapter and self.text_before_chapter
            self.chapter, self.interrupted = 1, self.chapter
        else:
            self.list_next = n + 1
            return None
        self.text_before_chapter = self.text_since_chapter
        self.chapter_spaced, self.list_next, self.text_since_chapter = spaced, None, False
        return (4, found[1]) if self.nested else found


def _toc_end(lines: list[str]) -> int:
    """How many lines at the top of a page belong to a table of contents (0 when none): up to
    its last leader line. The body may start on the same page (ものづくり 第23次, page 6)."""
    leaders = [len(_TOC_LEADER.findall(line)) for line in lines]
    if sum(leaders) < _TOC_MIN_ENTRIES:
        return 0
    # A contents page's entries may be joined into one line: count leader runs, not lines.
    return max(i for i, n in enumerate(leaders) if n) + 1


def _split_long(text: str, max_tokens: int) -> list[str]:
    """Split a block that exceeds the budget at sentence ends, then, if need be, by characters."""
    pieces: list[str] = []
    current = ""
    for line in text.split("\n"):
        for i, sentence in enumerate(split_sentences(line)):
            # Sentences of one line join directly; a new line keeps its line break.
            candidate = (current + ("\n" if i == 0 else "") + sentence) if current else sentence
            if count_tokens(candidate) <= max_tokens:
                current = candidate
                continue
            if current:
                pieces.append(current)
            if count_tokens(sentence) <= max_tokens:
                current = sentence
            else:
                # A single over-long "sentence" (a flattened table): cut where the token budget ends.
                pieces.extend(_cut_by_tokens(sentence, max_tokens))
                current = ""
    if current:
        pieces.append(current)
    return pieces


def _cut_by_tokens(text: str, max_tokens: int) -> list[str]:
    """Cut ``text`` into character runs of at most ``max_tokens`` tokens each. A kanji can take
    two or three tokens, so a fixed character step would overshoot the budget."""
    pieces: list[str] = []
    rest = text
    while rest:
        n = min(len(rest), max(1, max_tokens) * 2)
        tokens = count_tokens(rest[:n])
        while n > 1 and tokens > max_tokens:
            # Shrink in proportion to the overshoot; always by at least one character.
            n = max(1, min(n - 1, n * max_tokens // tokens))
            tokens = count_tokens(rest[:n])
        pieces.append(rest[:n])
        rest = rest[n:]
    return pieces


# A short line that is no item, no sentence and no note (「基本要件1:付加価値額の増加要件」「<申請時>」
# 「対象となる経費例 対象とならない経費例」) captions the item or table rows below it.
_CAPTION_MAX_CHARS = 30
_NOTE_START = re.compile(r"^(?:※|例|注|[（(]注)")


def _is_caption(line: str) -> bool:
    return (
        len(line) <= _CAPTION_MAX_CHARS
        and not line.endswith(("。", "、"))
        and not _ITEM_START.match(line)
        and not _NOTE_START.match(line)
    )


def _cut_point(lines: list[str], costs: list[int], min_tokens: int, next_line: str = "") -> int:
    """Where to end a full chunk: in front of the last item that leaves at least ``min_tokens``
    before it, never between a list's lead-in or caption line and its first item (``next_line``,
    the line that overflows, included); else after the last line."""
    last = len(lines) - 1
    if last > 0 and _ITEM_START.match(next_line) and (_LEAD_IN.search(lines[last]) or _is_caption(lines[last])):
        if sum(costs[:last]) >= min_tokens:
            return last  # 「<本事業において不適切と見なされる具体例>」 goes with the item after it
    for i in range(len(lines) - 1, 0, -1):
        if not _ITEM_START.match(lines[i]):
            continue
        if _LEAD_IN.search(lines[i - 1]) or _is_caption(lines[i - 1]):
            i -= 1  # the lead-in goes with its list, a caption with its rows, 「(定義)」 with its article
        if i > 0 and sum(costs[:i]) >= min_tokens:
            return i
    return len(lines)


def _common_prefix(paths: list[list[str]]) -> list[str]:
    prefix = list(paths[0]) if paths else []
    for other in paths[1:]:
        n = 0
        while n < min(len(prefix), len(other)) and prefix[n] == other[n]:
            n += 1
        prefix = prefix[:n]
    return prefix


def _is_prefix(prefix: list[str], path: list[str]) -> bool:
    return path[: len(prefix)] == prefix


def chunk_document(doc: Document, max_tokens: int = 320, min_tokens: int = 60) -> list[Chunk]:
    """Cut a document into chunks; see the module doc for the rules."""
    chunks: list[Chunk] = []
    headings: dict[int, str] = {}
    numbers = _ChapterNumbers()
    faq = doc.source.kind == "faq"
    id_counts: Counter[str] = Counter()

    def path() -> list[str]:
        return [headings[level] for level in sorted(headings)]

    def emit(text: str, heading_path: list[str], page: int | None) -> None:
        text = text.strip()
        if not text:
            return
        if count_tokens(text) > max_tokens:
            # The running count is an estimate (line breaks, merges across lines); the bound is not.
            for piece in _split_long(text, max_tokens):
                emit(piece, heading_path, page)
            return
        key = hashlib.sha1(f"{page}\x1f{'/'.join(heading_path)}\x1f{text}".encode()).hexdigest()[:16]
        id_counts[key] += 1
        suffix = f"-{id_counts[key]}" if id_counts[key] > 1 else ""
        chunks.append(
            Chunk(
                id=f"{doc.source.id}:{key}{suffix}",
                source_id=doc.source.id,
                text=text,
                heading_path=heading_path,
                page=page,
                order=len(chunks),
            )
        )

    for page in doc.pages:
        # The open chunk: its lines, their token counts, and the heading path each line belongs to.
        lines: list[str] = []
        costs: list[int] = []
        paths: list[list[str]] = []

        def emit_lines(end: int) -> None:
            """Emit lines[:end] as a chunk under the headings every one of them is under."""
            nonlocal lines, costs, paths
            if end:
                emit("\n".join(lines[:end]), _common_prefix(paths[:end]), page.number)
            lines, costs, paths = lines[end:], costs[end:], paths[end:]

        def add(line: str, tokens: int) -> None:
            lines.append(line)
            costs.append(tokens)
            paths.append(path())

        page_lines = page.text.splitlines()
        toc_end = _toc_end(page_lines) if page.number is not None else 0
        if toc_end:
            # A table of contents lists every heading: none of them is the heading of its lines,
            # and the section before it (a cover's 「(3)その他経費」) is not either.
            headings.clear()
        for line_number, line in enumerate(page_lines):
            if line_number == toc_end and toc_end:
                emit_lines(len(lines))  # the body after a table of contents opens a chunk
            if not line.strip():
                # A label heads the block right under it; the gap after that block ends it
                # (持続化: 「<必要な手続>」 after each 加点 item, then the next item).
                headings.pop(_LABEL_LEVEL, None)
                continue
            found = None if line_number < toc_end else heading_level(line)
            if page.number is not None:
                # Only a paged guideline is numbered in full; converted slides are excerpts whose
                # numbers skip (「2.」 then 「4.」 under one 第1節).
                found = numbers.accept(line, found)
            if found is None and page.number is not None and _ANGLE_LABEL.match(line):
                found = (_LABEL_LEVEL, line)
            if found and found[0] == _LABEL_LEVEL:
                # A label is a weak heading: its line stays in the open chunk (an item and its
                # 「<必要な手続>」 block stay together) and the lines after it carry it in their path.
                # Only a label that follows another one directly (「<本事業において不適切と見なさ
                # れる具体例>」 → 「<補助対象外となる経費>」) closes the chunk: two labelled lists.
                if _LABEL_LEVEL in headings:
                    emit_lines(len(lines))
                headings[_LABEL_LEVEL] = found[1]
                if lines:
                    add(line, count_tokens(line) + 1)
                continue
            if found:
                level, title = found
                for deeper in [lvl for lvl in headings if lvl >= level]:
                    del headings[deeper]
                headings[level] = title
                # A tiny open chunk may take in a sub-section (its heading line stays in the text, its
                # path is the parent's, still true of every line). A sibling or a higher section
                # always starts a new chunk: 「補助対象外経費」 after a short 「補助対象経費」 table must
                # never be indexed under 「補助対象経費」.
                if lines and (sum(costs) >= min_tokens or not _is_prefix(_common_prefix(paths), path())):
                    emit_lines(len(lines))
                if lines:
                    add(line, count_tokens(line) + 1)
                continue
            tokens = count_tokens(line) + 1  # + the line break that joins it
            question = _QUESTION_START.match(line) or (faq and _FAQ_NUMBER.match(line))
            if lines and (question or (_CLAUSE_START.match(line) and sum(costs) >= min_tokens)):
                # A Q&A block or a numbered clause opens a chunk of its own, with its caption.
                captioned = len(lines) > 1 and _CLAUSE_START.match(line) and _ARTICLE_CAPTION.match(lines[-1])
                emit_lines(len(lines) - 1 if captioned else len(lines))
            if tokens > max_tokens:
                emit_lines(len(lines))
                for piece in _split_long(line, max_tokens):
                    emit(piece, path(), page.number)
                continue
            if sum(costs) + tokens > max_tokens:
                # In a paged guideline, cut in front of the last list item or clause that leaves a
                # chunk of useful size, so an item and its continuation lines (「例：…」, wrapped
                # text) stay together. Converted slides (.md/.txt) are cut at the line that overflows:
                # their bullets are fragments that need the lines before them (dev sets: recall@5
                # 0.879 → 0.810 on retrieval.jsonl with item cuts, FAQ MRR 0.648 → 0.716 on the PDFs).
                cut = _cut_point(lines, costs, min_tokens, line) if page.number is not None else len(lines)
                emit_lines(cut)
                if sum(costs) + tokens > max_tokens:
                    emit_lines(len(lines))
            add(line, tokens)
        emit_lines(len(lines))
    return chunks


def fixed_size_chunks(doc: Document, size: int = 400) -> list[Chunk]:
    """Naive baseline for the ablation: fixed character windows per page, no structure."""
    chunks: list[Chunk] = []
    for page in doc.pages:
        text = page.text.replace("\n", " ")
        for start in range(0, len(text), size):
            piece = text[start : start + size].strip()
            if not piece:
                continue
            key = hashlib.sha1(f"{page.number}\x1f{start}\x1f{piece}".encode()).hexdigest()[:16]
            chunks.append(Chunk(id=f"{doc.source.id}:{key}", source_id=doc.source.id, text=piece, page=page.number, order=len(chunks)))
    return chunks
