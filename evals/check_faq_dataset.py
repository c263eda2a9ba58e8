"""Mechanical checks for the real-question dataset evals/datasets/faq_monozukuri.jsonl.

The rows are the official ものづくり補助金 よくあるご質問 (FAQ, 2025-04-21) answered from the
第23次 公募要領 (2026). Both PDFs live in ../shared/datasets (not in this repository). The check:

  * every row has the retrieval-dataset fields (id, kind, question, gold, answer_must_include, doc)
    plus ``split`` (dev/test), ``faq_no`` and an optional ``program`` the catalog knows;
  * every question occurs verbatim (NFKC, whitespace removed) exactly once in the FAQ PDF;
  * every gold substring occurs in the 公募要領 as the project reads it (the PDF loader's page
    text), inside one chunk of the project's chunker (heading path + text, as the metric sees it),
    and does NOT occur anywhere in the FAQ PDF (so an index holding the FAQ cannot score by
    finding the secretariat's own wording);
  * every ``answer_must_include`` string occurs in the official answer of its question, with the
    answers metric's own normalisation (advisor.evaluation.metrics.contains);
  * every FAQ question is accounted for: a dataset row, or a line of faq_monozukuri.excluded.jsonl
    saying why it is not one (``not_in_koubo``: the 公募要領 does not hold the answer;
    ``rule_changed``: the rule differs between the FAQ's round and the 第23次 公募要領).

The official answer of a question is the FAQ text between the end of that question and the start of
the next question (running headers, page footers and update stamps removed).

Exit status 1 on any error, 0 otherwise; 2 when the PDFs are not available.

Usage: python evals/check_faq_dataset.py [--dataset PATH] [--excluded PATH] [--shared DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "evals")]

from advisor.text import compact  # noqa: E402 - the repository root is put on the path first
from check_retrieval_dataset import print_findings  # noqa: E402 - a sibling script

DATASET = ROOT / "evals" / "datasets" / "faq_monozukuri.jsonl"
EXCLUDED = ROOT / "evals" / "datasets" / "faq_monozukuri.excluded.jsonl"
SOURCES = ROOT / "evals" / "datasets" / "real_pdfs.sources.yaml"
FAQ_PDF = Path("monozukuri-faq") / "monozukuri_faq_20250421.pdf"
KOUBO_PDF = Path("monozukuri-23-koubo") / "monodukuri_23_kouboyouryou.pdf"
KOUBO_SOURCE_ID = "monozukuri-23-koubo"
# Counted by reading the FAQ: 13 + 12 + 16 + 7 + 16 + 5 numbered questions in its six sections.
FAQ_QUESTIONS = 69
KINDS = {"1": "business", "2": "applicant", "3": "requirement", "4": "repayment", "5": "expense", "6": "procedure"}
SPLITS = ("dev", "test")
EXCLUSION_REASONS = ("not_in_koubo", "rule_changed")
REQUIRED = ("id", "kind", "question", "gold", "answer_must_include", "doc", "split", "faq_no")
OPTIONAL = ("program",)
GOLD_MIN_CHARS, GOLD_MAX_CHARS = 8, 40
MAX_KOUBO_OCCURRENCES = 3
_FAQ_NO = re.compile(r"[1-6]-\d{1,2}(?:-\d)?")

# Layout text of the FAQ table that is not part of any question or answer.
_FAQ_NOISE = [
    re.compile(r"No\.質問回答更新履歴"),
    re.compile(r"\d+/20ページ"),
    re.compile(r"20\d\d/\d{1,2}/\d{1,2}(?:追加|修正)"),
    re.compile(r"[1-6]\.(?:補助対象事業|補助対象者|補助対象要件|補助金返還義務|補助対象経費|申請手続その他)について"),
]


def default_shared_dir() -> Path:
    """Same rule as the tests: ADVISOR_SHARED_DATASETS, else ../shared/datasets beside the repo."""
    return Path(os.environ.get("ADVISOR_SHARED_DATASETS", ROOT.parent / "shared" / "datasets"))


def read_jsonl(path: Path, errors: list[str]) -> list[dict]:
    rows: list[dict] = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            errors.append(f"{path.name}:{n}: blank line")
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            errors.append(f"{path.name}:{n}: invalid JSON ({exc.msg})")
            continue
        if not isinstance(obj, dict):
            errors.append(f"{path.name}:{n}: not a JSON object")
            continue
        rows.append(obj)
    return rows


def faq_text(pdf: Path) -> str:
    """The FAQ's compact text with the table's running header, footers and update stamps removed."""
    from pypdf import PdfReader

    text = compact("".join(page.extract_text() or "" for page in PdfReader(str(pdf)).pages))
    for pattern in _FAQ_NOISE:
        text = pattern.sub("", text)
    return text


@dataclass
class Koubo:
    """The 公募要領 as the project indexes it: compact page texts and compact chunk texts."""

    pages: list[str] = field(default_factory=list)
    chunks: list[str] = field(default_factory=list)

    @classmethod
    def load(cls, pdf: Path) -> Koubo:
        from advisor.config import Settings
        from advisor.ingest.chunking import chunk_document
        from advisor.documents import load_document, load_source_table

        table = load_source_table(SOURCES)
        # A copy under the file name sources.yaml lists, wherever the shared directory keeps it.
        document = load_document(pdf, table, Settings())
        return cls(
            pages=[compact(p.text) for p in document.pages],
            chunks=[compact(c.text_with_heading()) for c in chunk_document(document)],
        )

    def occurrences(self, needle: str) -> int:
        return sum(page.count(needle) for page in self.pages)


def official_answers(faq: str, questions: dict[str, str], errors: list[str]) -> dict[str, str]:
    """faq_no -> compact official answer: the text from the end of its question to the next one."""
    spans: list[tuple[int, int, str]] = []
    for no, question in questions.items():
        q = compact(question)
        count = faq.count(q)
        if count != 1:
            errors.append(f"FAQ {no}: question found {count} times in the FAQ PDF (want exactly 1): {question[:40]}…")
            continue
        start = faq.index(q)
        spans.append((start, start + len(q), no))
    spans.sort()
    order = [no for _s, _e, no in spans]
    expected = sorted(order, key=lambda no: [int(part) for part in no.split("-")])
    if order != expected:
        errors.append(f"FAQ numbers are not in document order: {order} (expected {expected})")
    answers: dict[str, str] = {}
    for i, (_start, end, no) in enumerate(spans):
        stop = spans[i + 1][0] if i + 1 < len(spans) else len(faq)
        answers[no] = faq[end:stop]
    return answers


def known_program(name: str) -> bool:
    from advisor.config import Settings
    from advisor.programs import load_catalog

    return load_catalog(Settings()).get(name) is not None


def check(dataset: Path, excluded: Path, shared: Path) -> tuple[list[str], list[str], dict]:
    """Run every check; returns (errors, warnings, summary)."""
    from advisor.evaluation.metrics import contains

    errors: list[str] = []
    warnings: list[str] = []
    faq = faq_text(shared / FAQ_PDF)
    koubo = Koubo.load(shared / KOUBO_PDF)
    rows = read_jsonl(dataset, errors)
    skipped = read_jsonl(excluded, errors)

    questions: dict[str, str] = {}
    for origin, items in (("dataset", rows), ("excluded", skipped)):
        for item in items:
            no = str(item.get("faq_no", ""))
            if not _FAQ_NO.fullmatch(no):
                errors.append(f"{origin}: bad faq_no {no!r}")
                continue
            if no in questions:
                errors.append(f"faq_no {no} listed twice (dataset and/or excluded)")
            questions[no] = str(item.get("question", ""))
    if len(questions) != FAQ_QUESTIONS:
        errors.append(f"{len(questions)} FAQ questions accounted for (dataset + excluded), the FAQ has {FAQ_QUESTIONS}")
    answers = official_answers(faq, questions, errors)

    for item in skipped:
        if item.get("reason") not in EXCLUSION_REASONS or not str(item.get("note", "")).strip():
            errors.append(f"excluded {item.get('faq_no')}: needs reason in {EXCLUSION_REASONS} and a note")

    program_ok: dict[str, bool] = {}
    ids: Counter[str] = Counter()
    for row in rows:
        rid = str(row.get("id", "?"))
        ids[rid] += 1
        missing = [k for k in REQUIRED if k not in row]
        extra = [k for k in row if k not in REQUIRED + OPTIONAL]
        if missing or extra:
            errors.append(f"{rid}: missing fields {missing}, unexpected fields {extra}")
            continue
        no = str(row["faq_no"])
        if row["kind"] != KINDS.get(no[:1]):
            errors.append(f"{rid}: kind {row['kind']!r} does not match FAQ section {no[:1]} ({KINDS.get(no[:1])})")
        if row["split"] not in SPLITS:
            errors.append(f"{rid}: split must be one of {SPLITS}")
        if row["doc"] != [KOUBO_SOURCE_ID]:
            errors.append(f"{rid}: doc must be [{KOUBO_SOURCE_ID!r}]")
        program = row.get("program")
        if program is not None:
            if program not in program_ok:
                program_ok[program] = known_program(str(program))
            if not program_ok[program]:
                errors.append(f"{rid}: program {program!r} is neither a catalog id nor a catalog name/alias")
        golds, musts = row["gold"], row["answer_must_include"]
        if not (isinstance(golds, list) and golds and all(isinstance(g, str) and g.strip() for g in golds)):
            errors.append(f"{rid}: gold must be a non-empty list of strings")
            continue
        if not (isinstance(musts, list) and musts and all(isinstance(m, str) and m.strip() for m in musts)):
            errors.append(f"{rid}: answer_must_include must be a non-empty list of strings")
            continue
        for gold in golds:
            g = compact(gold)
            if not GOLD_MIN_CHARS <= len(g) <= GOLD_MAX_CHARS:
                errors.append(f"{rid}: gold {gold!r} has {len(g)} compact chars (want {GOLD_MIN_CHARS}-{GOLD_MAX_CHARS})")
            n = koubo.occurrences(g)
            if n == 0:
                errors.append(f"{rid}: gold {gold!r} not found in the 公募要領 (within one page)")
            elif n > MAX_KOUBO_OCCURRENCES:
                warnings.append(f"{rid}: gold {gold!r} occurs {n} times in the 公募要領")
            if n and not any(g in chunk for chunk in koubo.chunks):
                errors.append(f"{rid}: gold {gold!r} lies in no single chunk of the current chunker")
            if g in faq:
                errors.append(f"{rid}: gold {gold!r} occurs in the FAQ PDF (pick wording only the 公募要領 has)")
        answer = answers.get(no)
        if answer is None:
            continue  # the question itself was not found: reported above
        for item in musts:
            if not contains(answer, item):
                errors.append(f"{rid}: answer_must_include {item!r} is not in the official answer of FAQ {no}")
    for rid, n in ids.items():
        if n > 1:
            errors.append(f"id {rid} used {n} times")

    summary = {
        "rows": len(rows),
        "excluded": dict(Counter(str(s.get("reason")) for s in skipped)),
        "per_kind": dict(Counter(str(r.get("kind")) for r in rows)),
        "per_split": dict(Counter(str(r.get("split")) for r in rows)),
    }
    return errors, warnings, summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dataset", type=Path, default=DATASET)
    parser.add_argument("--excluded", type=Path, default=EXCLUDED)
    parser.add_argument("--shared", type=Path, default=None, help="the shared datasets directory (default: ADVISOR_SHARED_DATASETS or ../shared/datasets)")
    args = parser.parse_args(argv)
    shared = args.shared or default_shared_dir()
    for pdf in (FAQ_PDF, KOUBO_PDF):
        if not (shared / pdf).is_file():
            print(f"skipped: {shared / pdf} not found (set ADVISOR_SHARED_DATASETS or pass --shared DIR)")
            return 2
    errors, warnings, summary = check(args.dataset, args.excluded, shared)
    print(json.dumps(summary, ensure_ascii=False))
    return print_findings(errors, warnings)


if __name__ == "__main__":
    sys.exit(main())
