"""The retrieval-core commands as an operator runs them: `advisor ingest | search | eval retrieval`,
each a real subprocess with its own ADVISOR_DATA_DIR."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from advisor.config import REPO_ROOT, Settings
from advisor.evaluation.retrieval import run_retrieval_eval

from tests.conftest import write_tiny_corpus
from tests.pdf_factory import cid_font_pdf, corrupt_pdf

ADVISOR = str(Path(sys.executable).with_name("advisor"))
DATASET = REPO_ROOT / "evals" / "datasets" / "retrieval.jsonl"


def run_advisor(args: list[str], data_dir: Path, corpus_dir: Path | None = None, **env: str) -> subprocess.CompletedProcess:
    # Only what the test sets: no ADVISOR_* from the developer's shell, no advisor.toml from cwd.
    clean = {k: v for k, v in os.environ.items() if not k.startswith("ADVISOR_")}
    clean |= {"ADVISOR_DATA_DIR": str(data_dir), "ADVISOR_CORPUS_DIR": str(corpus_dir or REPO_ROOT / "corpus")} | env
    return subprocess.run([ADVISOR, *args], env=clean, cwd=data_dir.parent, capture_output=True, text=True, timeout=300)


def test_search_prints_passages_with_score_title_issuer_date_and_location(built_settings: Settings) -> None:
    out = run_advisor(["search", "中堅等大規模成長投資補助金の補助上限額は？", "-k", "3"], built_settings.data_dir)
    assert out.returncode == 0, out.stderr
    assert out.stdout.count("score=") == 3
    first = out.stdout.split("[2]")[0]
    assert first.startswith("[1] score=")
    assert "地方発AXによる強い地方経済の実現" in first and "経済産業大臣" in first and "2026年" in first
    assert "50億円" in first


def test_search_json_with_filters(built_settings: Settings) -> None:
    out = run_advisor(
        ["search", "補助上限額", "-k", "4", "--mode", "lexical", "--source", "kyushu-meti-dx-support-2023", "--json"], built_settings.data_dir
    )
    assert out.returncode == 0, out.stderr
    hits = json.loads(out.stdout)
    assert [h["rank"] for h in hits] == [1, 2, 3, 4]
    assert {h["source_id"] for h in hits} == {"kyushu-meti-dx-support-2023"}
    assert {"score", "title", "issuer", "date", "page", "section", "passage"} <= set(hits[0])


def test_empty_query_and_missing_index_are_reported_plainly(built_settings: Settings, tmp_path: Path) -> None:
    out = run_advisor(["search", "   "], built_settings.data_dir)
    assert out.returncode == 2 and "質問が空です" in out.stderr
    out = run_advisor(["search", "補助金"], tmp_path / "no-index")
    assert out.returncode == 2 and "advisor ingest" in out.stderr and "Traceback" not in out.stderr


def test_eval_retrieval_json_has_the_agreed_keys_and_meets_the_bar(built_settings: Settings) -> None:
    out = run_advisor(["eval", "retrieval", "--dataset", str(DATASET), "--json"], built_settings.data_dir)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert {"recall@1", "recall@5", "recall@10", "mrr", "n"} <= set(result)
    assert result["n"] == sum(1 for line in DATASET.read_text(encoding="utf-8").splitlines() if line.strip()) >= 80
    assert 0 <= result["recall@1"] <= result["recall@5"] <= result["recall@10"] <= 1
    assert result["mode"] == "hybrid"
    # Acceptance of issue 2: hybrid recall@5 >= 0.85 and above lexical-only.
    assert result["recall@5"] >= 0.85, result
    lexical = run_retrieval_eval(built_settings, DATASET, mode="lexical")
    assert result["recall@5"] >= lexical["recall@5"], (result["recall@5"], lexical["recall@5"])


@pytest.mark.parametrize(("kind", "wrong_dataset", "missing"), [
    ("retrieval", "matching.jsonl", "question, gold"),
    ("answers", "out_of_scope.jsonl", "question"),
    ("refusals", "retrieval.jsonl", "input, expect"),
    ("drafting", "retrieval.jsonl", "program"),
])
def test_eval_on_another_evaluations_dataset_is_one_line(kind: str, wrong_dataset: str, missing: str, tmp_path: Path) -> None:
    # Rows are checked before any index or model is loaded: no index is needed to be told.
    dataset = REPO_ROOT / "evals" / "datasets" / wrong_dataset
    out = run_advisor(["eval", kind, "--dataset", str(dataset)], tmp_path / "no-index")
    assert out.returncode == 2 and "Traceback" not in out.stderr, out.stderr
    assert out.stderr.startswith(f"error: {dataset}: row 1 (") and f"lacks {missing};" in out.stderr


def test_ingest_twice_second_run_reports_zero_changed(tmp_path: Path) -> None:
    corpus = write_tiny_corpus(tmp_path)
    good = cid_font_pdf(corpus / "documents" / "guide.pdf", [["第1章 総則", "この資料は試験のための公募要領です。"]])
    corrupt_pdf(corpus / "documents" / "broken.pdf", good)
    data = tmp_path / "data"
    first = run_advisor(["ingest"], data, corpus, ADVISOR_CHUNK_MIN_TOKENS="5")
    assert first.returncode == 0, first.stderr
    assert "4 changed documents (added 4," in first.stdout
    skipped = [line for line in first.stderr.splitlines() if line.startswith("SKIPPED ")]
    assert skipped == [line for line in skipped if str(corpus / "documents" / "broken.pdf") in line and "corrupt" in line]
    assert len(skipped) == 1
    second = run_advisor(["ingest", "--json"], data, corpus, ADVISOR_CHUNK_MIN_TOKENS="5")
    assert second.returncode == 0, second.stderr
    report = json.loads(second.stdout)
    assert report["changed"] == 0 and len(report["unchanged"]) == 4 and len(report["failed"]) == 1
    assert report["generation"] and report["chunks_total"] >= 4
    search = run_advisor(["search", "試験のための公募要領", "-k", "1", "--json"], data, corpus)
    hit = json.loads(search.stdout)[0]
    assert hit["page"] == 1 and hit["source_id"] == "guide"


def test_eval_figures_only_prints_aggregates_without_row_ids(built_settings: Settings, tmp_path: Path) -> None:
    # A test split is read as figures only: the row that failed (its id or text) must not show.
    dataset = tmp_path / "oos.jsonl"
    rows = [
        {"id": "fo-wrong-1", "input": "中堅等大規模成長投資補助金の補助上限額は？", "expect": "decline", "split": "test"},
        {"id": "fo-right-1", "input": "美味しいカレーの作り方を教えて", "expect": "decline", "split": "test"},
    ]
    dataset.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    args = ["eval", "refusals", "--dataset", str(dataset), "--split", "test", "--json"]
    full = run_advisor(args, built_settings.data_dir)
    assert full.returncode == 0, full.stderr
    assert "fo-wrong-1" in full.stdout  # the operator's default lists what failed
    figures = run_advisor([*args, "--figures-only"], built_settings.data_dir)
    assert figures.returncode == 0, figures.stderr
    result = json.loads(figures.stdout)
    assert result["accuracy"] == 0.5 and result["n"] == 2
    assert result["accuracy_by_expect"] == {"decline": 0.5}
    assert "fo-" not in figures.stdout and "補助上限額" not in figures.stdout
    plain = run_advisor([*args[:-1], "--figures-only"], built_settings.data_dir)
    assert plain.returncode == 0 and "accuracy" in plain.stdout and "fo-" not in plain.stdout
