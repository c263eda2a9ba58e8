"""Mechanical checks for the retrieval evaluation dataset (evals/datasets/retrieval.jsonl).

For every row it verifies:
  * the fields and their types, the kind, the dev/test split, unique ids, 1 gold (2 for ``multi``, 1-2 for
    ``blind``, whose rows name their ``writer``) and 1-3 answer facts;
  * every ``doc`` is a known source id (sources.yaml / file stem) and holds at least one gold;
  * every gold substring occurs, after NFKC and removal of all whitespace on both sides, in the
    listed doc(s), inside one blank-line-delimited paragraph of the raw text (so it does not span a
    heading or a blank line), and has 8-30 characters in that compact form;
  * every ``answer_must_include`` string occurs within ``--window`` compact characters on either
    side of an occurrence of one of the row's gold substrings;
  * the two golds of a ``multi`` row are different passages.

It prints counts per kind and per doc and the number of corpus-wide occurrences of every gold
(a warning above 3). When the ``advisor`` package is importable it also cuts the corpus with the
project's own chunker and warns when a gold substring lies in no single chunk, or when an answer
fact is not in the same chunk as its gold. Exit status is 1 on any error, 0 otherwise.

Usage: python evals/check_retrieval_dataset.py [--dataset PATH] [--corpus DIR] [--no-chunks]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# "blind": a factual question written by an outside writer who never saw the repository (session 24
# on), with the writer in "writer" (e.g. "s24-w11"); one gold, or two when its answer spans two passages.
KINDS = ("direct", "paraphrase", "multi", "noisy", "blind")
REQUIRED_FIELDS = ("id", "kind", "question", "gold", "answer_must_include", "doc", "split")
# "tuning": true marks a dev row written later to study a failure kind on dev (always split dev).
OPTIONAL_FIELDS = ("tuning", "writer")
SPLITS = ("dev", "test")
GOLD_MIN_CHARS = 8
GOLD_MAX_CHARS = 30
MAX_CORPUS_OCCURRENCES = 3
_WS = re.compile(r"\s+")
_BLANK_LINE = re.compile(r"\n[ \t\u3000]*\n")
_ASCII_LETTERS = re.compile(r"[A-Za-z]")


def compact(text: str) -> str:
    """NFKC, then remove all whitespace: the form in which gold strings are matched."""
    return _WS.sub("", unicodedata.normalize("NFKC", text))


def find_all(haystack: str, needle: str) -> list[int]:
    """Start offsets of all (possibly overlapping) occurrences of needle in haystack."""
    starts: list[int] = []
    pos = haystack.find(needle)
    while pos != -1:
        starts.append(pos)
        pos = haystack.find(needle, pos + 1)
    return starts


def _documents(directory: Path) -> list[Path]:
    """The corpus documents: slide/report text and the project's Markdown summaries
    (reference-sme-definitions.md answers owners' definition questions)."""
    return sorted([*directory.glob("*.txt"), *directory.glob("*.md")])


@dataclass
class Corpus:
    """Compact text of each document, plus its compact paragraphs (raw text split at blank lines)."""

    text: dict[str, str] = field(default_factory=dict)
    paragraphs: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def load(cls, directory: Path) -> Corpus:
        corpus = cls()
        for path in _documents(directory):
            raw = path.read_text(encoding="utf-8")
            corpus.text[path.stem] = compact(raw)
            corpus.paragraphs[path.stem] = [compact(p) for p in _BLANK_LINE.split(raw)]
        return corpus

    def occurrences(self, needle: str) -> int:
        return sum(len(find_all(text, needle)) for text in self.text.values())


def known_source_ids(sources_yaml: Path, corpus: Corpus) -> set[str]:
    """Source ids from sources.yaml when readable, else the document file stems."""
    try:
        import yaml

        data = yaml.safe_load(sources_yaml.read_text(encoding="utf-8")) or {}
        ids = {str(entry["id"]) for entry in data.get("sources", [])}
        if ids:
            return ids
    except Exception:  # noqa: BLE001 - fall back to file names when yaml/sources are unavailable
        pass
    return set(corpus.text)


def load_chunks(corpus_dir: Path, sources_yaml: Path) -> dict[str, list[str]] | None:
    """Compact chunk texts (heading path + text) per source id, cut by the project's chunker;
    None if the advisor package or its tokenizer is unavailable."""
    try:
        sys.path.insert(0, str(ROOT))
        from advisor.config import Settings
        from advisor.ingest.chunking import chunk_document
        from advisor.documents import load_document, load_source_table
    except Exception as exc:  # noqa: BLE001 - the chunk check is optional
        print(f"note: chunk check skipped (advisor not importable: {exc})")
        return None
    try:
        table = load_source_table(sources_yaml)
        settings = Settings()
        chunks: dict[str, list[str]] = {}
        for path in _documents(corpus_dir):
            document = load_document(path, table, settings)
            # A chunk keeps its heading path (DESIGN.md "Retrieval"), so the path counts as its text.
            chunks[document.source.id] = [
                compact(" ".join(c.heading_path) + "\n" + c.text) for c in chunk_document(document)
            ]
        return chunks
    except Exception as exc:  # noqa: BLE001
        print(f"note: chunk check skipped (chunking failed: {exc})")
        return None


def check_row(
    row: object,
    line_no: int,
    corpus: Corpus,
    source_ids: set[str],
    window: int,
    chunks: dict[str, list[str]] | None,
    errors: list[str],
    warnings: list[str],
) -> dict | None:
    """Validate one row; append problems to errors/warnings. Returns the row if well-formed."""
    where = f"line {line_no}"
    if not isinstance(row, dict):
        errors.append(f"{where}: not a JSON object")
        return None
    missing = [k for k in REQUIRED_FIELDS if k not in row]
    extra = [k for k in row if k not in REQUIRED_FIELDS and k not in OPTIONAL_FIELDS]
    if missing:
        errors.append(f"{where}: missing fields {missing}")
        return None
    if extra:
        errors.append(f"{where}: unexpected fields {extra}")
    rid = row["id"]
    where = f"{rid} (line {line_no})"
    # Three digits, four from h1000 on (holdout batch s37b, session 38, runs h962-h1001).
    if not isinstance(rid, str) or not re.fullmatch(r"[rh]\d{3,4}", rid):
        errors.append(f"{where}: id must look like r001")
    if row["split"] not in SPLITS:
        errors.append(f"{where}: split {row['split']!r} not in {SPLITS}")
    if row.get("tuning") and row["split"] != "dev":
        errors.append(f"{where}: a tuning row must be in the dev split")
    kind = row["kind"]
    if kind not in KINDS:
        errors.append(f"{where}: kind {kind!r} not in {KINDS}")
    question = row["question"]
    if not isinstance(question, str) or not question.strip():
        errors.append(f"{where}: empty question")
    golds, answers, docs = row["gold"], row["answer_must_include"], row["doc"]
    for name, value in (("gold", golds), ("answer_must_include", answers), ("doc", docs)):
        if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
            errors.append(f"{where}: {name} must be a non-empty list of non-empty strings")
            return None
    expected_golds = 2 if kind == "multi" else 1
    if kind == "blind" and len(golds) in (1, 2):
        expected_golds = len(golds)
    if kind == "blind" and not re.fullmatch(r"s\d+-w\d+", str(row.get("writer", ""))):
        errors.append(f"{where}: a blind row needs its writer, e.g. s24-w11")
    if len(golds) != expected_golds:
        errors.append(f"{where}: kind {kind} needs {expected_golds} gold substring(s), has {len(golds)}")
    if not 1 <= len(answers) <= 3:
        errors.append(f"{where}: answer_must_include needs 1-3 items, has {len(answers)}")
    if len(set(docs)) != len(docs):
        errors.append(f"{where}: duplicate doc ids {docs}")
    unknown = [d for d in docs if d not in source_ids or d not in corpus.text]
    if unknown:
        errors.append(f"{where}: unknown doc ids {unknown}")
        return None

    # Gold substrings: present in the listed docs, inside one paragraph, of sensible length.
    gold_hits: list[tuple[str, str, list[int]]] = []  # (doc, compact gold, start offsets)
    docs_with_gold: set[str] = set()
    compact_golds = [compact(g) for g in golds]
    if kind == "multi" and len(set(compact_golds)) != len(compact_golds):
        errors.append(f"{where}: the golds of a multi row must differ")
    for gold, cg in zip(golds, compact_golds):
        if not GOLD_MIN_CHARS <= len(cg) <= GOLD_MAX_CHARS:
            errors.append(f"{where}: gold {gold!r} has {len(cg)} compact chars (want {GOLD_MIN_CHARS}-{GOLD_MAX_CHARS})")
        found_in = [d for d in docs if cg in corpus.text[d]]
        if not found_in:
            elsewhere = [d for d in corpus.text if cg in corpus.text[d]]
            hint = f" (found in {elsewhere})" if elsewhere else ""
            if not hint and any(cg in corpus.text[d].replace("**", "") for d in docs):
                hint = " (it spans markdown ** emphasis; cut it inside or outside the ** span)"
            errors.append(f"{where}: gold {gold!r} not found in {docs}{hint}")
            continue
        if not any(cg in p for d in found_in for p in corpus.paragraphs[d]):
            errors.append(f"{where}: gold {gold!r} spans a blank line/heading (no single paragraph holds it)")
        for d in found_in:
            docs_with_gold.add(d)
            gold_hits.append((d, cg, find_all(corpus.text[d], cg)))
        total = corpus.occurrences(cg)
        if total > MAX_CORPUS_OCCURRENCES:
            warnings.append(f"{where}: gold {gold!r} occurs {total} times in the corpus (> {MAX_CORPUS_OCCURRENCES})")
        if chunks is not None and not any(cg in c for d in found_in for c in chunks.get(d, [])):
            warnings.append(f"{where}: gold {gold!r} lies in no single chunk of the current chunker")
    for d in docs:
        if d not in docs_with_gold:
            errors.append(f"{where}: doc {d!r} holds none of the gold substrings")

    # Answer facts: near an occurrence of one of the golds.
    for answer in answers:
        ca = compact(answer)
        near = False
        for d, cg, starts in gold_hits:
            text = corpus.text[d]
            for s in starts:
                lo, hi = max(0, s - window), min(len(text), s + len(cg) + window)
                if ca in text[lo:hi]:
                    near = True
                    break
            if near:
                break
        if not near:
            errors.append(f"{where}: answer {answer!r} not within {window} chars of any gold occurrence")
        elif chunks is not None:
            same_chunk = any(
                cg in c and ca in c for d, cg, _ in gold_hits for c in chunks.get(d, [])
            )
            if not same_chunk:
                warnings.append(f"{where}: answer {answer!r} is not in the same chunk as its gold")

    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dataset", type=Path, default=ROOT / "evals" / "datasets" / "retrieval.jsonl")
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus" / "documents")
    parser.add_argument("--sources", type=Path, default=ROOT / "corpus" / "sources.yaml")
    parser.add_argument("--window", type=int, default=200, help="compact chars each side of a gold (default 200)")
    parser.add_argument("--no-chunks", action="store_true", help="skip the optional chunker-based warnings")
    parser.add_argument("--min-rows", type=int, default=96)
    parser.add_argument("--verbose", action="store_true", help="list every gold with its corpus occurrence count")
    args = parser.parse_args(argv)

    corpus = Corpus.load(args.corpus)
    if not corpus.text:
        print(f"error: no .txt or .md documents in {args.corpus}")
        return 1
    source_ids = known_source_ids(args.sources, corpus)
    chunks = None if args.no_chunks else load_chunks(args.corpus, args.sources)

    errors: list[str] = []
    warnings: list[str] = []
    rows: list[dict] = []
    seen_ids: Counter[str] = Counter()
    with args.dataset.open(encoding="utf-8") as fh:
        for line_no, line in enumerate(fh, 1):
            if not line.strip():
                errors.append(f"line {line_no}: blank line")
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                errors.append(f"line {line_no}: invalid JSON ({exc})")
                continue
            row = check_row(obj, line_no, corpus, source_ids, args.window, chunks, errors, warnings)
            if row is not None:
                rows.append(row)
                seen_ids[str(row["id"])] += 1
    for rid, n in seen_ids.items():
        if n > 1:
            errors.append(f"id {rid} used {n} times")
    if len(rows) < args.min_rows:
        errors.append(f"only {len(rows)} rows (want at least {args.min_rows})")

    # Summary.
    per_kind = Counter(r["kind"] for r in rows)
    per_doc = Counter(d for r in rows for d in r["doc"])
    english = sum(1 for r in rows if r["kind"] == "noisy" and len(_ASCII_LETTERS.findall(r["question"])) >= 12)
    print(f"rows: {len(rows)}")
    print("per kind: " + ", ".join(f"{k}={per_kind.get(k, 0)}" for k in KINDS) + f" (English noisy: {english})")
    print("per doc:")
    for doc in sorted(corpus.text):
        print(f"  {doc}: {per_doc.get(doc, 0)}")
    for doc in sorted(corpus.text):
        if per_doc.get(doc, 0) < 8:
            warnings.append(f"doc {doc} has only {per_doc.get(doc, 0)} questions (want >= 8)")
    gold_counts = Counter(compact(g) for r in rows for g in r["gold"])
    reused = {g: n for g, n in gold_counts.items() if n > 1}
    if reused:
        print(f"gold substrings used by more than one row: {len(reused)}")
    if args.verbose:
        print("gold occurrences in corpus:")
        for r in rows:
            for g in r["gold"]:
                print(f"  {r['id']} {corpus.occurrences(compact(g))}x {g}")
    else:
        occ = Counter(corpus.occurrences(compact(g)) for r in rows for g in r["gold"])
        print("gold corpus occurrences (count: golds): " + ", ".join(f"{k}x: {v}" for k, v in sorted(occ.items())))
    return print_findings(errors, warnings)


def print_findings(errors: list[str], warnings: list[str]) -> int:
    """Warnings, then errors, then their counts (every dataset checker ends so); the exit status:
    1 on any error, 0 otherwise."""
    for w in warnings:
        print(f"warning: {w}")
    for e in errors:
        print(f"error: {e}")
    print(f"{len(errors)} error(s), {len(warnings)} warning(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
