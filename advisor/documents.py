"""Load documents (.txt, .md, .pdf) into normalised pages, with their source metadata.

Every failure is an ``IngestError`` whose message names the file and the reason in one line, so
that an operator can see at once which file to fix and why; the caller skips that file.

The first stage of the flow (documents → chunks → index), below both of its users: the ingest
chunks and indexes these documents, and the program catalog resolves its evidence quotes against
them on the request path, which must not import the ingest package (the operator's write path).
The sources.yaml tables (``load_source_table``) are read here too: they describe the documents.
"""

from __future__ import annotations

import hashlib
import logging
import re
import warnings
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from advisor.config import Settings
from advisor.text import (
    drop_repeated_lines,
    heading_level,
    is_cjk,
    is_page_number_line,
    nfkc,
    normalize_lines,
    should_join_lines,
)
from advisor.types import Document, Page, SourceInfo

if TYPE_CHECKING:
    from pypdf import PageObject

log = logging.getLogger(__name__)
# pypdf logs every recoverable oddity of real-world PDFs; our own one-line reasons are what
# operators need, so only its errors are let through.
logging.getLogger("pypdf").setLevel(logging.ERROR)

SUPPORTED_SUFFIXES = {".txt", ".md", ".pdf"}
_MD_COMMENT = re.compile(r"<!--.*?-->", re.S)
SIDECAR_SUFFIX = ".source.yaml"
_MIN_TEXT_CHARS = 20  # below this a PDF has no usable text layer (scanned/image-only or blank)


class IngestError(Exception):
    """A file that cannot be ingested; str() is a one-line reason naming the file."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = str(path)
        # Exception texts from parsers may span lines; operators get one line per file.
        self.reason = " ".join(reason.split())
        super().__init__(f"{path}: {self.reason}")


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# --- source metadata -----------------------------------------------------------------------------


def _source_from_mapping(entry: dict, origin: str) -> SourceInfo:
    missing = [k for k in ("id", "title", "issuer", "kind") if not entry.get(k)]
    if missing:
        raise ValueError(f"{origin}: source entry {entry.get('id', '?')!r} lacks {', '.join(missing)}")
    return SourceInfo(
        id=str(entry["id"]),
        title=str(entry["title"]),
        issuer=str(entry["issuer"]),
        date=str(entry.get("date") or ""),
        kind=str(entry["kind"]),
        reuse=str(entry.get("reuse") or ""),
        note=str(entry.get("note") or ""),
        date_precision=str(entry.get("date_precision") or "unknown"),
        url=str(entry.get("url") or ""),
        program=str(entry.get("program") or "").strip(),
    )


def load_source_table(path: Path) -> dict[str, SourceInfo]:
    """Map file name -> SourceInfo from a sources.yaml (``sources: [{id, file, title, ...}]``)."""
    if not path.is_file():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    table: dict[str, SourceInfo] = {}
    seen_ids: set[str] = set()
    for entry in data.get("sources", []):
        source = _source_from_mapping(entry, str(path))
        if source.id in seen_ids:
            raise ValueError(f"{path}: duplicate source id {source.id!r}")
        seen_ids.add(source.id)
        table[str(entry.get("file") or source.id)] = source
    return table


def slug_for(path: Path) -> str:
    """A stable id for a file that sources.yaml does not describe."""
    stem = re.sub(r"[^\w\-]+", "-", path.stem, flags=re.UNICODE).strip("-").lower()
    return stem or hashlib.sha1(path.name.encode()).hexdigest()[:12]


def source_for(path: Path, table: dict[str, SourceInfo], pdf_title: str = "", pdf_author: str = "") -> SourceInfo:
    """Metadata for a file: sources.yaml entry, else a ``<file>.source.yaml`` sidecar, else a
    placeholder that says plainly the issuer and date are unknown."""
    if path.name in table:
        return table[path.name]
    sidecar = path.with_name(path.name + SIDECAR_SUFFIX)
    if sidecar.is_file():
        # A broken description skips its file with a reason instead of aborting the whole ingest.
        try:
            entry = yaml.safe_load(sidecar.read_text(encoding="utf-8")) or {}
            if not isinstance(entry, dict):
                raise ValueError("expected a mapping of id/title/issuer/date/kind")
            entry.setdefault("id", slug_for(path))
            return _source_from_mapping(entry, str(sidecar))
        except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError) as exc:
            raise IngestError(path, f"unusable source description {sidecar.name} ({exc})") from exc
    return SourceInfo(
        id=slug_for(path),
        title=pdf_title or path.stem,
        issuer=pdf_author or "発行者不明（出典情報が未登録）",
        date="",
        kind="guideline" if path.suffix.lower() == ".pdf" else "document",
        note="sources.yaml にも .source.yaml にも登録がないため、ファイル名から作成した出典情報。",
    )


# --- text extraction -----------------------------------------------------------------------------


def _read_text_file(path: Path) -> str:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "cp932", "euc-jp"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise IngestError(path, "not valid UTF-8, Shift_JIS (cp932) or EUC-JP text")


# A table that pypdf reads cell by cell (or column by column) prints the next cell beside the last
# one: its first line starts higher up the page and well to the right (持続化's 「対象となる経費例 /
# 対象とならない経費例」 columns, IT導入's 「補助対象経費 補助率 補助額」 cells). A gap there keeps
# the line joiner from gluing two cells into one sentence (「…製造機」+「汎用性が高く…」,
# 「概要免税事業者が…」); a one-line label cell is put in front of its value instead (「概要 免税事業者が…」), so that a quote keeps the two together.
# Points: a row of body text is 10–12 pt high; table columns are far more than 40 pt apart.
_CELL_SHIFT_X = 40.0
_CELL_SHIFT_Y = 1.0
_LABEL_CELL_MAX_CHARS = 20
# Further below the line above than a row of text: a new cell of the same column (points).
_ROW_GAP = 20.0
# A value cell that opens with a label or note of its own (「<申請時>」 beside 「必要な手続」) stays on its line.
_OWN_LINE = re.compile(r"^[<【\[(※・]")


def _extract_page_text(page: "PageObject") -> str:
    """pypdf's text of a page, with the cells of a table kept apart (see above)."""
    parts: list[tuple[str, float, float]] = []

    def visit(text: str, cm: list[float], tm: list[float], _font: object, _size: float) -> None:
        # The user-space position of the text run: the text matrix's origin mapped by the CTM.
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        parts.append((text, x, y))

    try:
        text = page.extract_text(visitor_text=visit) or ""
    except (TypeError, ValueError, IndexError):
        # A matrix the position arithmetic cannot use must not cost the page its text.
        return page.extract_text() or ""
    if "".join(part for part, _x, _y in parts) != text:
        return text  # the visitor saw other text than was returned: positions would be misplaced
    # Each output line with the position of its first visible run (None when a run spans lines).
    lines: list[tuple[str, float | None, float | None]] = []
    line, start = "", None
    for part, x, y in parts:
        for k, segment in enumerate(part.split("\n")):
            if k:
                lines.append((line, *(start or (None, None))))
                line, start = "", None
            if segment.strip() and start is None and k == 0:
                start = (x, y)
            line += segment
    lines.append((line, *(start or (None, None))))
    out: list[str] = []
    last: tuple[float, float] | None = None
    alone = True  # the last visible line is the only line of its cell so far (a label cell)
    for line_text, x, y in lines:
        if line_text.strip() and x is not None and y is not None:
            if last is not None and y > last[1] + _CELL_SHIFT_Y and x > last[0] + _CELL_SHIFT_X:
                if alone and len(out[-1].strip()) <= _LABEL_CELL_MAX_CHARS and not _OWN_LINE.match(nfkc(line_text.lstrip())):
                    out[-1] = f"{out[-1].rstrip()} {line_text.lstrip()}"  # a label and its value
                    last, alone = (x, y), False
                    continue
                out.append("")
                alone = True
            else:
                # A line of the same cell, or one starting a new cell further right and down (a
                # label cell centred beside a taller value).
                alone = last is None or abs(x - last[0]) > _CELL_SHIFT_X or last[1] - y > _ROW_GAP
            last = (x, y)
        out.append(line_text)
    return "\n".join(out)


def _pdf_pages(path: Path, settings: Settings) -> tuple[list[str], str, str]:
    """Raw text of each page, plus the PDF's own title and author metadata."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

    size = path.stat().st_size
    if size == 0:
        raise IngestError(path, "empty file (0 bytes)")
    if size > settings.max_pdf_bytes:
        raise IngestError(path, f"PDF too large ({size:,} bytes > limit {settings.max_pdf_bytes:,}; ADVISOR_MAX_PDF_BYTES)")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(str(path), strict=False)
            if reader.is_encrypted:
                # Many official PDFs are "encrypted" only against editing, with an empty user
                # password; those are readable. Anything else needs the password we don't have.
                try:
                    if not reader.decrypt(""):
                        raise IngestError(path, "encrypted PDF: a password is required to read it")
                except (FileNotDecryptedError, DependencyError, NotImplementedError) as exc:
                    raise IngestError(path, f"encrypted PDF that cannot be opened ({exc})") from exc
            n_pages = len(reader.pages)
            if n_pages == 0:
                raise IngestError(path, "PDF has no pages")
            if n_pages > settings.max_pdf_pages:
                raise IngestError(path, f"PDF has {n_pages} pages > limit {settings.max_pdf_pages} (ADVISOR_MAX_PDF_PAGES)")
            pages = []
            for page in reader.pages:
                try:
                    pages.append(_extract_page_text(page))
                except Exception as exc:  # one broken page must not lose the others
                    log.warning("%s: page %d unreadable: %s", path, len(pages) + 1, exc)
                    pages.append("")
            meta = reader.metadata or {}
            title = str(meta.get("/Title") or "").strip()
            author = str(meta.get("/Author") or "").strip()
    except IngestError:
        raise
    except FileNotDecryptedError as exc:
        raise IngestError(path, f"encrypted PDF: {exc}") from exc
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        raise IngestError(path, f"corrupt or unreadable PDF ({type(exc).__name__}: {exc})") from exc
    if sum(len(p.strip()) for p in pages) < _MIN_TEXT_CHARS:
        raise IngestError(path, "PDF has no extractable text (image-only/scanned or blank; run OCR first)")
    return pages, title, author


_PDF_TITLE_JUNK = re.compile(r"^(microsoft\s+word|untitled|無題|\s*-\s*)", re.IGNORECASE)
# A page number is printed at the top or the bottom of a page: a lone number on the first or last
# line (running headers are removed before). Further in, a lone number is the number of a list item or a table row whose text
# pypdf put on the next line (「1」「発行済株式の総数…」, the No. column of an FAQ table).
_PAGE_EDGE_LINES = 1


def _label_inner_numbers(text: str) -> str:
    """Join a lone number inside a page to the line after it as an item label, 「1 発行済株式…」, on a
    line of its own (the blank line before it keeps it from being joined to the line above)."""
    lines = text.splitlines()
    filled = [i for i, line in enumerate(lines) if line.strip()]
    inner = set(filled[_PAGE_EDGE_LINES:-_PAGE_EDGE_LINES])
    if filled and is_page_number_line(lines[filled[-1]]):
        inner |= set(filled[:_PAGE_EDGE_LINES])  # one page number per page: this one is at the foot
    out: list[str] = []
    for i, line in enumerate(lines):
        if out and out[-1].strip().isdigit() and is_page_number_line(out[-1]) and (i - 1) in inner:
            label = nfkc(line.strip())
            # Only before the text of an item; before a heading or a closing bracket the number is
            # left alone (and dropped as before): 「3」「【貸借対照表…】」, 「1」「)」.
            if (
                label
                and (is_cjk(label[0]) or label[0] in "「『・(" or (label[0].isdigit() and not is_page_number_line(label)))
                and not heading_level(label)
                and len(out[-1].strip()) <= 2
            ):
                number = out.pop().strip()
                out += ["", f"{number} {line.strip()}"]
                continue
        out.append(line)
    return "\n".join(out)


# A sentence that runs over a page break: the last printed line of the page is full (a wrapped
# line, not the short end of a list item or table cell: 「…認定等の事実、認定日等」 before 「なお、…」),
# measured against the page's long lines, since the text width differs between documents.
_FULL_LINE_SHARE = 0.8
_LONG_LINE_QUANTILE = 0.9
_MIN_LINES_FOR_WIDTH = 3
# The first sentence of the next page: up to a sentence end that no closing bracket follows
# (「(申請含む。)」 is inside the sentence).
_FIRST_SENTENCE = re.compile(r"^.*?[。！？!?](?![」』）)])")
# A parenthesis right after it still belongs to it: 「…試みの使用期間中の者は含まれません。(以下、本公募
# 要領において同じ。)」.
_TRAILING_NOTE = re.compile(r"^\s*[（(][^()（）]{1,60}[)）]")
# A numbered item that the loader labelled 「5 「地域未来牽引企業」とは…」 starts a block of its own.
_LABELLED_ITEM = re.compile(r"^[0-9]{1,3} ")


def _ends_in_full_line(raw_page: str) -> bool:
    """Whether the page's last printed line runs to the right margin (so its text wraps on)."""
    lines = [" ".join(nfkc(line).split()) for line in raw_page.splitlines() if line.strip() and not is_page_number_line(line)]
    if len(lines) < _MIN_LINES_FOR_WIDTH:
        return False
    lengths = sorted(len(line) for line in lines)
    return len(lines[-1]) >= _FULL_LINE_SHARE * lengths[int(len(lengths) * _LONG_LINE_QUANTILE)]


def _carry_sentences_over_page_breaks(raw_pages: list[str], pages: list[list[str]]) -> None:
    """Move the rest of a sentence cut by a page break back onto the page where it starts.

    「…加点(=くるみん・えるぼし加点)を行いま」 / 「す。」: a quote must be a whole sentence and its
    citation the page where it starts. Only the continuation up to its sentence end moves; every
    other line keeps its page. Running headers and page numbers are gone already (``raw_pages``
    are the cleaned page texts, ``pages`` their normalised lines, edited in place)."""
    for i in range(len(pages) - 1):
        head, tail = pages[i], pages[i + 1]
        if not head or not tail or not head[-1] or not tail[0]:
            continue
        if not should_join_lines(head[-1], tail[0]) or _LABELLED_ITEM.match(tail[0]) or not _ends_in_full_line(raw_pages[i]):
            continue
        sentence = _FIRST_SENTENCE.match(tail[0])
        if not sentence:
            continue  # a table row or a heading-like fragment, not the end of a sentence
        end = sentence.end()
        if note := _TRAILING_NOTE.match(tail[0][end:]):
            end += note.end()
        head[-1] += tail[0][:end]
        rest = tail[0][end:].strip()
        if rest:
            tail[0] = rest
        else:
            del tail[0]
            while tail and not tail[0]:
                del tail[0]


def load_document(path: Path, table: dict[str, SourceInfo], settings: Settings) -> Document:
    """Read one file into a Document of normalised pages. Raises IngestError with the reason."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise IngestError(path, f"unsupported file type {suffix or '(none)'} (supported: .txt .md .pdf)")
    try:
        digest = file_hash(path)
    except OSError as exc:
        raise IngestError(path, f"cannot read file ({exc.strerror or exc})") from exc
    if suffix == ".pdf":
        raw_pages, title, author = _pdf_pages(path, settings)
        if _PDF_TITLE_JUNK.match(title):
            title = ""
        cleaned = [_label_inner_numbers(text) for text in drop_repeated_lines(raw_pages)]
        # ①② stay as printed in a PDF, so that a quote reads as the cited page does; searches
        # normalise them (advisor.index.analysis). The bundled slides keep their NFKC text.
        page_lines = [normalize_lines(text.splitlines(), keep_circled_numbers=True) for text in cleaned]
        _carry_sentences_over_page_breaks(cleaned, page_lines)
        pages = [Page(i + 1, "\n".join(lines)) for i, lines in enumerate(page_lines)]
        source = source_for(path, table, pdf_title=title, pdf_author=author)
    else:
        try:
            text = _read_text_file(path)
        except OSError as exc:
            raise IngestError(path, f"cannot read file ({exc.strerror or exc})") from exc
        if suffix == ".md":
            # Comments are invisible in rendered Markdown, so they are not content to quote
            # (editors' notes, the reference document's note on how it was written).
            text = _MD_COMMENT.sub("", text)
        lines = normalize_lines(text.splitlines())
        if not any(lines):
            raise IngestError(path, "empty document (no text)")
        pages = [Page(None, "\n".join(lines))]
        source = source_for(path, table)
    return Document(source=source, path=str(path), pages=pages, content_hash=digest)


def discover(paths: Iterable[Path]) -> list[Path]:
    """Expand directories into the supported files below them, sorted for a stable order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                p for p in sorted(path.rglob("*"))
                if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES and not p.name.startswith(".")
            )
        else:
            found.append(path)
    return found


def load_corpus(settings: Settings) -> list[Document]:
    """The bundled corpus (corpus/documents with corpus/sources.yaml), normalised, in file order."""
    table = load_source_table(settings.sources_file)
    return [load_document(p, table, settings) for p in discover([settings.documents_dir])]
