"""Load, validate and resolve the program catalog (corpus/programs/*.yaml).

``load_catalog(settings) -> Catalog`` is the entry point. It validates every file against the
schema in models.py, checks that every fact's ``evidence`` occurs in its source document (after
NFKC and whitespace removal, exactly as the evaluation's gold strings are matched), and attaches a
``Citation`` (title, issuer, date, section, passage) to each fact and rule. Any problem raises one
``CatalogError`` listing every problem as "file: field: problem", so an operator fixes all at once.

The result is cached per set of file modification times: matching runs on every chat turn and must
not re-read the corpus.
"""

from __future__ import annotations

import functools
import logging
import re
import threading
from dataclasses import dataclass, field
from typing import Any
from pathlib import Path

import yaml
from pydantic import ValidationError

from advisor.config import Settings, get_settings
from advisor.text import breaks_inside_word, close_word_gaps, compact, markdown_heading, name_key, nfkc, split_sentences
from advisor.types import HEADING_SEPARATOR, Citation, Document, SourceInfo

from .models import Program

log = logging.getLogger(__name__)

PASSAGE_MAX_CHARS = 200


class CatalogError(Exception):
    """The catalog cannot be used. ``problems`` holds one "file: field: problem" line each."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("program catalog is invalid:\n" + "\n".join(f"  - {p}" for p in problems))


# --- evidence lookup ------------------------------------------------------------------------------


@dataclass
class _IndexedDocument:
    """A document with its whitespace-free form and the map back to the normalised text."""

    document: Document
    text: str
    compact: str
    positions: list[int]
    headings: list[tuple[int, int, str]] = field(default_factory=list)  # (offset, level, title)
    page_starts: list[tuple[int, int | None]] = field(default_factory=list)  # (offset, page number)

    @classmethod
    def build(cls, document: Document) -> "_IndexedDocument":
        text = nfkc(document.text)
        chars: list[str] = []
        positions: list[int] = []
        for i, ch in enumerate(text):
            if not ch.isspace():
                chars.append(ch)
                positions.append(i)
        headings: list[tuple[int, int, str]] = []
        has_markdown = any(markdown_heading(line) for line in text.split("\n"))
        offset = 0
        for line in text.split("\n"):
            found = markdown_heading(line) if has_markdown else _plain_heading(line)
            if found:
                headings.append((offset, found[0], found[1]))
            offset += len(line) + 1
        page_starts: list[tuple[int, int | None]] = []
        offset = 0
        for page in document.pages:  # Document.text joins pages with one newline
            page_starts.append((offset, page.number))
            offset += len(nfkc(page.text)) + 1
        return cls(document, text, "".join(chars), positions, headings, page_starts)

    def page_at(self, offset: int) -> int | None:
        number: int | None = None
        for start, page_number in self.page_starts:
            if start > offset:
                break
            number = page_number
        return number

    def find_all(self, needle: str, start: int = 0) -> list[int]:
        key = compact(needle)
        hits: list[int] = []
        i = self.compact.find(key, start)
        while i >= 0:
            hits.append(i)
            i = self.compact.find(key, i + max(1, len(key)))
        return hits

    def span(self, compact_start: int, needle: str) -> tuple[int, int]:
        n = len(compact(needle))
        return self.positions[compact_start], self.positions[compact_start + n - 1] + 1

    def heading_path(self, offset: int) -> str:
        path: list[tuple[int, str]] = []
        for pos, level, title in self.headings:
            if pos > offset:
                break
            while path and path[-1][0] >= level:
                path.pop()
            path.append((level, title))
        return HEADING_SEPARATOR.join(t for _, t in path)

    def passage(self, start: int, end: int) -> str:
        """The sentence(s) around [start, end) on their line(s), at most PASSAGE_MAX_CHARS."""
        line_start = self.text.rfind("\n", 0, start) + 1
        # A line that begins inside a word (「…全社レベ」 ‹page break› 「ルのDX…」) starts on the line before.
        for _ in range(2):
            before = self.text[:line_start].rstrip()
            if not before or not breaks_inside_word(before, self.text[line_start:line_start + 8]):
                break
            line_start = self.text.rfind("\n", 0, len(before)) + 1
        line_end = self.text.find("\n", end)
        line_end = len(self.text) if line_end < 0 else line_end
        block = self.text[line_start:line_end]
        rel_s, rel_e = start - line_start, end - line_start
        # Keep the sentences that overlap the evidence.
        pieces: list[str] = []
        cursor = 0
        for sentence in split_sentences(block.replace("\n", " ")):
            idx = block.replace("\n", " ").find(sentence, cursor)
            if idx < 0:
                continue
            cursor = idx + len(sentence)
            if idx < rel_e and idx + len(sentence) > rel_s:
                pieces.append(sentence)
        passage = " ".join(pieces) if pieces else block[rel_s:rel_e]
        passage = close_word_gaps(_BULLET_PREFIX.sub("", passage.strip()))
        if len(passage) <= PASSAGE_MAX_CHARS:
            return passage
        evidence = self.text[start:end].replace("\n", " ")
        at = passage.find(evidence)
        if at < 0 or len(evidence) >= PASSAGE_MAX_CHARS:
            return evidence[: PASSAGE_MAX_CHARS - 1] + "…"
        room = PASSAGE_MAX_CHARS - len(evidence) - 2
        left = max(0, at - room // 2)
        right = min(len(passage), left + len(evidence) + room)
        left = max(0, right - len(evidence) - room)
        return ("…" if left > 0 else "") + passage[left:right] + ("…" if right < len(passage) else "")


_BULLET_PREFIX = re.compile(r"^(?:[-*✓・⚫●■◆▶➢>#]+\s*)+")
# Headings of converted slides and policy papers that carry no markdown marks: 第3章 …,
# 2.B. …, (1) …, <DX投資促進税制>, 【参考】…; level = how deep it sits.
_PLAIN_HEADINGS = (
    (1, re.compile(r"^第[0-9一二三四五六七八九十]+章\s*\S.*$")),
    (2, re.compile(r"^[0-9]{1,2}\.(?:[A-Z]\.)?\s*[^\d\s%.].*$")),
    (3, re.compile(r"^\([0-9]+\)\s*\S.*$")),
    (3, re.compile(r"^<[^<>]{2,40}>$")),
    (2, re.compile(r"^【[^】]+】.*$")),
)


def _plain_heading(line: str) -> tuple[int, str] | None:
    line = line.strip()
    if not line or len(line) > 50 or line.endswith("。"):
        return None
    for level, pattern in _PLAIN_HEADINGS:
        if pattern.match(line):
            return level, line
    return None


class EvidenceIndex:
    """Finds evidence strings in the corpus and turns them into citations."""

    def __init__(self, documents: list[Document]) -> None:
        self.docs: dict[str, _IndexedDocument] = {d.source.id: _IndexedDocument.build(d) for d in documents}

    def sources(self) -> dict[str, SourceInfo]:
        return {sid: d.document.source for sid, d in self.docs.items()}

    def contains(self, evidence: str, source_id: str | None = None) -> bool:
        docs = [self.docs[source_id]] if source_id in self.docs else ([] if source_id else list(self.docs.values()))
        return any(d.find_all(evidence) for d in docs)

    def resolve(self, evidence: str, source_id: str, anchor: str = "") -> Citation:
        """Citation for the evidence in the source; ValueError with a reason when impossible."""
        doc = self.docs.get(source_id)
        if doc is None:
            raise ValueError(f"unknown source {source_id!r} (not in corpus/sources.yaml or not loaded)")
        start = 0
        if anchor:
            anchors = doc.find_all(anchor)
            if not anchors:
                raise ValueError(f"anchor {anchor!r} not found in {source_id}")
            start = anchors[0] + len(compact(anchor))
        hits = doc.find_all(evidence, start)
        if not hits:
            where = f" after anchor {anchor!r}" if anchor else ""
            raise ValueError(f"evidence {evidence!r} not found in {source_id}{where}")
        if not anchor and len(hits) > 1:
            raise ValueError(
                f"evidence {evidence!r} occurs {len(hits)} times in {source_id}; add `anchor` (text just before "
                "the intended occurrence) so that the citation points to the right place"
            )
        s, e = doc.span(hits[0], evidence)
        src = doc.document.source
        return Citation(
            source_id=src.id,
            title=src.title,
            issuer=src.issuer,
            date=src.date,
            page=doc.page_at(s),
            section=doc.heading_path(s),
            passage=doc.passage(s, e),
            url=src.url,
        )


# --- catalog --------------------------------------------------------------------------------------


@dataclass
class Catalog:
    """All programs, resolved. ``get(name)`` accepts the name or any alias (NFKC, no spaces)."""

    programs: list[Program]
    sources: dict[str, SourceInfo]
    index: EvidenceIndex | None = field(default=None, repr=False)
    # program id → its latest registered round (advisor.sources.RoundInfo), refreshed by
    # every load_catalog call because the status depends on the day (ADVISOR_TODAY).
    rounds: dict = field(default_factory=dict, repr=False)
    # Programs left out because their 公募要領 is not in the index (requires_guideline): name →
    # their names and aliases. Owners still name them; understanding must not then carry the
    # previous program over or answer with another program's figures.
    absent: dict[str, list[str]] = field(default_factory=dict, repr=False)
    _by_key: dict[str, Program] = field(default_factory=dict, repr=False)
    _cited: dict[tuple[str, str, str], Citation] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for p in self.programs:
            self._by_key[p.id] = p
            for n in p.names:
                self._by_key.setdefault(name_key(n), p)

    def cite(self, evidence: str, source_id: str, anchor: str = "") -> Citation:
        """Citation for any corpus passage (e.g. the SME definitions), memoised."""
        key = (evidence, source_id, anchor)
        if key not in self._cited:
            if self.index is None:
                raise RuntimeError("catalog built without its evidence index")
            self._cited[key] = self.index.resolve(evidence, source_id, anchor)
        return self._cited[key]

    def get(self, name_or_id: str) -> Program | None:
        return self._by_key.get(name_or_id) or self._by_key.get(name_key(name_or_id))

    def __getitem__(self, name_or_id: str) -> Program:
        program = self.get(name_or_id)
        if program is None:
            raise KeyError(name_or_id)
        return program

    def round_of(self, program: Program) -> Any:
        """The program's latest registered 公募要領 round (advisor.sources.RoundInfo), or None;
        rounds are keyed by catalog id or by a name the registry uses."""
        return next((self.rounds[k] for k in (program.id, *program.names) if k in self.rounds), None)

    def named_in(self, text: str) -> list[Program]:
        """Programs named in ``text`` (name or alias, also in the owner's word order: 「省力化投資補助金
        の一般型」 for 中小企業省力化投資補助金（一般型）), longest match first, no repeats."""
        key = compact(text)
        found: list[tuple[int, Program, list[str]]] = []
        for program in self.programs:
            names = [n for n in _name_variants(tuple(program.names)) if n in key]
            names += [n for n in _sibling_mentions(program.names, key) if n not in names]
            if names:
                found.append((max(len(n) for n in names), program, names))
        found.sort(key=lambda f: -f[0])
        out: list[Program] = []
        taken: list[str] = []
        for _length, program, names in found:
            # A name met only inside a longer name already taken is not a mention of its own:
            # 「中小企業省力化投資補助金（カタログ型）」 does not also name the 一般型 (alias 中小企業省力化投資補助金).
            if all(any(n in t and n != t for t in taken) for n in names):
                continue
            out.append(program)
            taken.extend(names)
        return out

    def __iter__(self):
        return iter(self.programs)

    def __len__(self) -> int:
        return len(self.programs)


_QUALIFIED = re.compile(r"^(?P<base>.+?)[（(](?P<qual>[^（）()]+)[）)]$")


def _spoken_variants(name: str) -> set[str]:
    """A compact program name and the ways owners say it: without the leading 中小企業, and with a
    bracketed qualifier after の (「…補助金（一般型）」 → 「…補助金の一般型」)."""
    out = {name}
    m = _QUALIFIED.match(name)
    if m:
        out |= {f"{m.group('base')}の{m.group('qual')}", f"{m.group('base')}{m.group('qual')}"}
    out |= {n.removeprefix("中小企業") for n in out if n.startswith("中小企業") and len(n) > 8}
    return out


@functools.lru_cache(maxsize=4096)
def _name_variants(names: tuple[str, ...]) -> tuple[str, ...]:
    """The spoken variants (3 characters or more) of a program's names, computed once per program:
    named_in runs for every sentence of every answer (thousands of calls a turn)."""
    return tuple(sorted({v for n in names for v in _spoken_variants(compact(n)) if len(v) >= 3}))


@functools.lru_cache(maxsize=4096)
def _qualified_parts(names: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """(base, qualifier) of each bracket-qualified compact name (qualifier of 2 characters or more)."""
    parts = []
    for name in names:
        m = _QUALIFIED.match(compact(name))
        if m and len(m.group("qual")) >= 2:
            parts.append((m.group("base"), m.group("qual")))
    return tuple(parts)


def _sibling_mentions(names: list[str], key: str) -> list[str]:
    """「中小企業省力化投資補助金の一般型とカタログ型」 names both types: a bracketed qualifier
    (カタログ型) counts when the base name (…補助金) is in the text too."""
    out = []
    for base, qual in _qualified_parts(tuple(names)):
        if qual in key and (base in key or (base.startswith("中小企業") and base.removeprefix("中小企業") in key)):
            out.append(base + qual)
        elif _type_by_stem(base, qual, key):
            out.append(base + qual)
    return out


def _type_by_stem(base: str, qual: str, key: str) -> bool:
    """The type named by its stem and タイプ next to the program's name (「カタログから選ぶタイプの省力化投資補助金」
    「省力化投資補助金のカタログタイプ」) as by its qualifier (カタログ型): the stem, a few characters of how it works,
    then タイプ, right before or after the base name (NOTES.md "s44-para3"). Not a thing of that kind beside the
    name (「カタログで見たタイプのロボットを省力化投資補助金で」)."""
    stem = qual.removesuffix("型")
    if stem == qual or len(stem) < 2:
        return False
    bases = "|".join(re.escape(b) for b in {base, base.removeprefix("中小企業")} if len(b) >= 4)
    typed = re.escape(stem) + r"[^、。，,？?！!]{0,8}?タイプ"
    return re.search(r"(?:" + typed + r"の?(?:" + bases + r")|(?:" + bases + r")の?" + typed + r")", key) is not None


def _format_validation_error(path: Path, exc: ValidationError) -> list[str]:
    out = []
    for err in exc.errors():
        loc = ".".join(str(x) for x in err["loc"]) or "(file)"
        msg = err["msg"].removeprefix("Value error, ")
        out.append(f"{path.name}: {loc}: {msg}")
    return out


# libyaml's parser when the wheel has it: the pure-Python one took ~0.6 s of a catalog build (21
# program files read twice), on every server start and after every ingest.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _safe_load(text: str) -> Any:
    return yaml.load(text, Loader=_SAFE_LOADER)  # noqa: S506 - a safe loader


def parse_program_file(path: Path) -> Program:
    """Parse and schema-check one YAML file; CatalogError names the file, field and problem."""
    try:
        data = _safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        raise CatalogError([f"{path.name}: (file): YAML syntax error{where}: {getattr(exc, 'problem', exc)}"]) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogError([f"{path.name}: (file): cannot read ({exc})"]) from exc
    if not isinstance(data, dict):
        raise CatalogError([f"{path.name}: (file): expected a mapping of program fields, got {type(data).__name__}"])
    try:
        program = Program.model_validate(data)
    except ValidationError as exc:
        raise CatalogError(_format_validation_error(path, exc)) from exc
    if program.id != path.stem:
        raise CatalogError([f"{path.name}: id: {program.id!r} must equal the file name without .yaml ({path.stem!r})"])
    return program


def _resolve(program: Program, path: Path, index: EvidenceIndex, sources: dict[str, SourceInfo], ids: set[str]) -> list[str]:
    problems: list[str] = []
    if program.source not in sources:
        problems.append(f"{path.name}: source: unknown source id {program.source!r}")
    elif program.as_of != sources[program.source].date and not program.requires_guideline:
        # (A guideline PDF's date depends on the sources table it was ingested with; the
        # program's own as_of is the registry's and is what is shown.)
        problems.append(
            f"{path.name}: as_of: {program.as_of!r} differs from the date of source {program.source!r} "
            f"({sources[program.source].date!r})"
        )
    for where, fact in program.facts():
        try:
            fact._citation = index.resolve(fact.evidence, fact.source, fact.anchor)
        except ValueError as exc:
            problems.append(f"{path.name}: {where}: {exc}")
    for i, rule in enumerate(program.eligibility):
        try:
            rule._citation = index.resolve(rule.evidence, rule.source, rule.anchor)
        except ValueError as exc:
            problems.append(f"{path.name}: eligibility[{i}] ({rule.id}): {exc}")
        if rule.type == "region_listed" and rule.source in index.docs:
            missing = [v for v in rule.value if not index.contains(v, rule.source)]
            if missing:
                problems.append(f"{path.name}: eligibility[{i}] ({rule.id}).value: not in {rule.source}: {missing}")
        if rule.override_evidence:
            try:
                rule._override_citation = index.resolve(rule.override_evidence, rule.source, rule.override_anchor)
            except ValueError as exc:
                problems.append(f"{path.name}: eligibility[{i}] ({rule.id}).override_evidence: {exc}")
    if program.status.successor and program.status.successor not in ids:
        problems.append(f"{path.name}: status.successor: unknown program id {program.status.successor!r}")
    for i, rel in enumerate(program.related):
        if rel.program not in ids:
            problems.append(f"{path.name}: related[{i}].program: unknown program id {rel.program!r}")
    return problems


def _apply_guideline(program: Program) -> None:
    """Replace the program's figures by its resolved guideline's; keep the replaced ones as history."""
    g = program.guideline
    assert g is not None
    history: dict = {"source": program.source, "as_of": program.as_of}
    for name in ("target", "caps", "rates", "eligible_expenses"):
        if getattr(g, name):
            history[name] = getattr(program, name)
            setattr(program, name, list(getattr(g, name)))
    if g.period is not None:
        history["schedule"] = program.schedule
        program.schedule = [g.period, *program.schedule]
    program.source, program.as_of = g.source, g.as_of
    program._history = history


def build_catalog(programs_dir: Path, documents: list[Document], guideline_documents: list[Document] | None = None,
                  strict_guidelines: bool = False) -> Catalog:
    """Validate and resolve every corpus/programs/*.yaml against the given documents.

    ``guideline_documents`` are the ingested guideline PDFs (not bundled). A program's guideline
    block is applied when its PDF is among them and every guideline fact resolves; a program that
    ``requires_guideline`` is left out while its PDF is absent. A guideline fact that does not
    resolve (another version of the PDF) is logged and the program keeps its other figures,
    unless ``strict_guidelines`` (the catalog test) makes it a problem.
    """
    files = sorted(programs_dir.glob("*.yaml"))
    problems: list[str] = []
    parsed: list[tuple[Path, Program]] = []
    for path in files:
        try:
            parsed.append((path, parse_program_file(path)))
        except CatalogError as exc:
            problems.extend(exc.problems)
    index = EvidenceIndex(documents + list(guideline_documents or []))
    sources = index.sources()
    ids = {p.id for _, p in parsed}
    seen_names: dict[str, str] = {}
    kept: list[Program] = []
    absent: dict[str, list[str]] = {}
    for path, program in parsed:
        g = program.guideline
        available = g is not None and g.source in index.docs
        if program.requires_guideline and not available:
            if g is None:
                problems.append(f"{path.name}: requires_guideline: needs a `guideline` block naming the PDF's source id")
            absent[program.name.value] = list(program.names)
            continue  # its PDF is not ingested: nothing to cite yet
        found = _resolve(program, path, index, sources, ids)
        if available:
            for where, fact in g.facts():
                try:
                    fact._citation = index.resolve(fact.evidence, fact.source, fact.anchor)
                except ValueError as exc:
                    found.append(f"{path.name}: {where}: {exc}")
        if found and available and not strict_guidelines:
            # The ingested PDF is another version than the one the facts were taken from.
            log.warning("guideline of %s not applied (%d facts do not match the ingested %s): %s",
                        program.id, len(found), g.source, found[0])
            if program.requires_guideline:
                absent[program.name.value] = list(program.names)
                continue
            found = [p for p in found if ": guideline." not in p]
            available = False
        problems.extend(found)
        if available and not found:
            _apply_guideline(program)
        kept.append(program)
        for n in program.names:
            key = name_key(n)
            other = seen_names.get(key)
            if other and other != program.id:
                problems.append(f"{path.name}: aliases: name {n!r} is also used by program {other!r}")
            seen_names[key] = program.id
    if not files:
        problems.append(f"{programs_dir}: (directory): no program files (*.yaml)")
    if problems:
        raise CatalogError(problems)
    return Catalog(kept, sources, index, absent=absent)


_CACHE: dict[tuple, Catalog] = {}
_LOCK = threading.Lock()


def _stamp(settings: Settings) -> tuple:
    files = sorted(settings.programs_dir.glob("*.yaml")) + sorted(settings.documents_dir.glob("*"))
    files.append(settings.sources_file)
    files.append(settings.index_dir / "CURRENT")  # a sync or ingest may bring a guideline PDF
    return tuple((str(p), p.stat().st_mtime_ns) for p in files if p.exists())


_GUIDELINE_DOCS: dict[tuple[str, str], Document] = {}  # (path, sha256) -> parsed PDF (older indexes only)


def guideline_documents(settings: Settings) -> list[Document]:
    """The guideline PDFs the catalog's programs name, as far as the current index holds them.

    Their pages are read from the index generation, where ingest stored them (milliseconds), not
    parsed again from the PDF (pypdf, ~1.5 s each on two cores). Only a generation written before
    pages were stored falls back to parsing the indexed file (once per file version; any
    `advisor ingest` then stores them).
    """
    from advisor.index.format import current_generation, read_document, read_manifest

    wanted: set[str] = set()
    for path in settings.programs_dir.glob("*.yaml"):
        try:
            data = _safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError):
            continue  # parse_program_file reports it
        block = data.get("guideline") if isinstance(data, dict) else None
        if isinstance(block, dict) and block.get("source"):
            wanted.add(str(block["source"]))
    gen = current_generation(settings.index_dir) if wanted else None
    if gen is None:
        return []
    docs: list[Document] = []
    fields = set(SourceInfo.__dataclass_fields__)
    for key, entry in read_manifest(gen)["files"].items():
        source = entry["source"]
        if source["id"] not in wanted:
            continue
        info = SourceInfo(**{k: v for k, v in source.items() if k in fields})
        stored = read_document(gen, entry["hash"], info)
        if stored is not None:
            docs.append(stored)
            continue
        parsed = _parse_indexed_file(key, entry["hash"], info, settings)
        if parsed is not None:
            docs.append(parsed)
    return docs


def _parse_indexed_file(key: str, digest: str, info: SourceInfo, settings: Settings) -> Document | None:
    from advisor.documents import IngestError, load_document

    cache_key = (key, digest)
    if cache_key not in _GUIDELINE_DOCS:
        if not Path(key).is_file():
            return None
        log.warning("index generation holds no pages of %s: parsing %s (run `advisor ingest` to store them)", info.id, key)
        try:
            _GUIDELINE_DOCS[cache_key] = load_document(Path(key), {Path(key).name: info}, settings)
        except IngestError as exc:
            log.warning("guideline %s not readable: %s", info.id, exc)
            return None
    return _GUIDELINE_DOCS[cache_key]


def load_catalog(settings: Settings | None = None) -> Catalog:
    """The validated, citation-resolved catalog (cached until a program or corpus file changes).

    Raises CatalogError listing every problem ("file: field: problem").
    """
    from advisor.documents import load_corpus

    settings = settings or get_settings()
    key = (str(settings.programs_dir), _stamp(settings))
    with _LOCK:
        cached = _CACHE.get(key)
        if cached is None:
            cached = build_catalog(settings.programs_dir, load_corpus(settings), guideline_documents(settings))
            _CACHE.clear()
            _CACHE[key] = cached
    from advisor.sources import program_rounds

    cached.rounds = program_rounds(settings)
    return cached
