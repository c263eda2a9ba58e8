"""evals/datasets/guideline_clauses.jsonl is verified against the guideline PDFs it was written from
(../shared/datasets; skipped with a message when they are absent): every gold string lies in one
chunk of its own document as the project reads and chunks it, every row names that document's
program, and no row comes from the 持続化補助金 documents (reserved for outside evaluation)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from advisor.config import REPO_ROOT, Settings
from advisor.documents import load_document, load_source_table
from advisor.ingest.chunking import chunk_document
from advisor.text import compact

pytestmark = pytest.mark.datasets

DATASET = REPO_ROOT / "evals" / "datasets" / "guideline_clauses.jsonl"
SOURCES = REPO_ROOT / "evals" / "datasets" / "real_pdfs.sources.yaml"


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    return [json.loads(line) for line in DATASET.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def chunks_by_doc(rows: list[dict], shared_datasets: Path) -> dict[str, list[str]]:
    """Compact chunk texts (heading path + text) of each document the rows use."""
    entries = {e["id"]: e for e in yaml.safe_load(SOURCES.read_text(encoding="utf-8"))["sources"]}
    found = {p.name: p for p in shared_datasets.rglob("*.pdf")}
    table = load_source_table(SOURCES)
    settings = Settings()
    out: dict[str, list[str]] = {}
    for doc_id in sorted({d for row in rows for d in row["doc"]}):
        pdf = found.get(entries[doc_id]["file"])
        if pdf is None:
            pytest.skip(f"guideline_clauses check skipped: {entries[doc_id]['file']} is not under {shared_datasets}")
        document = load_document(pdf, table, settings)
        out[doc_id] = [compact(c.text_with_heading()) for c in chunk_document(document, settings.chunk_max_tokens, settings.chunk_min_tokens)]
    return out


def test_every_gold_is_in_a_chunk_of_its_own_document(rows: list[dict], chunks_by_doc: dict[str, list[str]]) -> None:
    missing = [
        f"{row['id']}: {gold!r}"
        for row in rows
        for gold in row["gold"]
        if not any(compact(gold) in chunk for doc in row["doc"] for chunk in chunks_by_doc[doc])
    ]
    assert missing == []


def test_rows_name_their_documents_program_and_are_split(rows: list[dict]) -> None:
    entries = {e["id"]: e for e in yaml.safe_load(SOURCES.read_text(encoding="utf-8"))["sources"]}
    assert len(rows) == len({row["id"] for row in rows}) >= 20
    for row in rows:
        assert {entries[d]["program"] for d in row["doc"]} == {row["program"]}, row["id"]
        # The 持続化補助金 documents are reserved for evaluation outside the project.
        assert not any(d.startswith("jizokuka") for d in row["doc"]), row["id"]
    # Tuning rows (written later to study answer composition on dev) are dev by construction and
    # stay out of the balance between the original dev and test rows.
    assert all(row["split"] == "dev" for row in rows if row.get("tuning"))
    splits = [row["split"] for row in rows if not row.get("tuning")]
    assert set(splits) == {"dev", "test"} and abs(splits.count("dev") - splits.count("test")) <= 1
